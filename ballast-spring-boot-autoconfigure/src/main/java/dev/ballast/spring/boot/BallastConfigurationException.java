package dev.ballast.spring.boot;

/**
 * The application's Ballast configuration cannot be used: no URL, an unknown {@code spring.datasource.ballast.*}
 * key, a value of the wrong type or out of range, or an impossible combination. The message is Ballast's: it names
 * the property and the offending value, never a password. Spring Boot reports it at start as a failure analysis
 * ("APPLICATION FAILED TO START") with what to do.
 */
public final class BallastConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the property
     * @param cause Ballast's own error, or null
     */
    public BallastConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
