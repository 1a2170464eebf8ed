package dev.ballast.internal.config;

/** The type of value an {@link OptionKey} takes, which decides how text and JSON values are converted. */
public enum Kind {
    /** A whole number ({@code int}). */
    INT("a whole number"),
    /** Seconds, possibly fractional, as a {@link java.time.Duration}. */
    SECONDS("a number of seconds"),
    /** {@code true} or {@code false}. */
    BOOL("true or false"),
    /** A fraction ({@code double}). */
    RATIO("a number"),
    /** A string. */
    TEXT("a string"),
    /** A string that is never echoed in messages. */
    SECRET("a string"),
    /** One of {@code Constant}, {@code Linear}, {@code Exponential}. */
    BACKOFF("one of Constant, Linear, Exponential"),
    /** One of {@code None}, {@code Session}, {@code Transaction}. */
    BOUNCER_MODE("one of None, Session, Transaction"),
    /** A list of SQLSTATE codes: a JSON array or a comma-separated string. */
    SQLSTATES("a list of SQLSTATE codes");

    private final String expected;

    Kind(String expected) {
        this.expected = expected;
    }

    /** @return what a value of this kind looks like, for "must be …" messages */
    public String expected() {
        return expected;
    }
}
