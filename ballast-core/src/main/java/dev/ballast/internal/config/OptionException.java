package dev.ballast.internal.config;

import java.util.List;

/**
 * An {@link IllegalArgumentException} that also says which keys it is about, so that a loader can add where each
 * of them came from (a file, an environment variable, a connection string keyword) to the message.
 */
public final class OptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<OptionKey> keys;

    /**
     * @param message the message, naming the key and the offending value (never a secret)
     * @param keys the keys the message is about
     */
    public OptionException(String message, OptionKey... keys) {
        super(message);
        this.keys = List.of(keys);
    }

    /** @return the keys this error is about, the one at fault first */
    public List<OptionKey> keys() {
        return keys;
    }
}
