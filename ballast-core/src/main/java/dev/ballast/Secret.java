package dev.ballast;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A value that must never be printed, such as the database password. {@link #toString()} returns
 * {@code "******"} (or {@code "<none>"} when empty), so a {@code Secret} is safe in log lines, exception messages
 * and {@code toString()} output; only {@link #reveal()} gives the value, and only code that hands it to the driver
 * should call it.
 *
 * <p>{@code equals} compares the values in constant time; {@code hashCode} depends only on whether the secret is
 * empty, so neither leaks anything about the value. Instances are immutable and thread-safe.
 */
public final class Secret {

    private static final Secret NONE = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a value.
     *
     * @param value the secret value; the empty string means "no secret"
     * @return the secret
     * @throws NullPointerException if {@code value} is null
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        return value.isEmpty() ? NONE : new Secret(value);
    }

    /** @return the empty secret, meaning no value was given */
    public static Secret none() {
        return NONE;
    }

    /**
     * Returns the value itself. Never log or print the result.
     *
     * @return the value, or the empty string if there is none
     */
    public String reveal() {
        return value;
    }

    /** @return {@code true} if no value was given (or the empty string) */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** @return {@code "******"}, or {@code "<none>"} if the secret is empty; never the value */
    @Override
    public String toString() {
        return isEmpty() ? "<none>" : "******";
    }

    /** Compares the values in constant time (for a given length). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8),
                        ((Secret) other).value.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a hash that depends only on {@link #isEmpty()}, never on the value */
    @Override
    public int hashCode() {
        return isEmpty() ? 0 : 1;
    }
}
