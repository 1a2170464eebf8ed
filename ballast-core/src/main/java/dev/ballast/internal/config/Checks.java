package dev.ballast.internal.config;

import dev.ballast.Secret;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Range checks for the builder's setters. Each returns its argument or throws an {@link OptionException} worded
 * as {@code MaxPoolSize must be at least 1, but was 0}. Durations are printed in seconds, the unit the keys use.
 */
public final class Checks {

    /** PostgreSQL keeps at most this many bytes of {@code application_name} (NAMEDATALEN - 1). */
    static final int MAX_APPLICATION_NAME_BYTES = 63;

    private static final Pattern SQLSTATE = Pattern.compile("[0-9A-Z]{5}");

    private Checks() {}

    /**
     * @param key the key, named in the message
     * @param value the value
     * @param min the smallest allowed value
     * @return {@code value}
     * @throws OptionException if {@code value < min}
     */
    public static int atLeast(OptionKey key, int value, int min) {
        if (value < min) {
            throw new OptionException(key.jsonName() + " must be at least " + min + ", but was " + value, key);
        }
        return value;
    }

    /** The longest retry delay and breaker window or duration the resilience engine accepts. */
    public static final Duration LONGEST_RESILIENCE_TIME = Duration.ofHours(24);

    /**
     * @param key the key, named in the message
     * @param value the value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return {@code value}
     * @throws OptionException unless {@code min <= value <= max}
     */
    public static int between(OptionKey key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new OptionException(key.jsonName() + " must be between " + min + " and " + max + ", but was "
                    + value, key);
        }
        return value;
    }

    /**
     * @param key the key, named in the message
     * @param value the duration
     * @param max the longest allowed
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws OptionException if {@code value} is negative or longer than {@code max}
     */
    public static Duration notNegativeUpTo(OptionKey key, Duration value, Duration max) {
        notNegative(key, value);
        if (value.compareTo(max) > 0) {
            throw new OptionException(key.jsonName() + " must be at most " + seconds(max) + ", but was "
                    + seconds(value), key);
        }
        return value;
    }

    /**
     * @param key the key, named in the message
     * @param value the duration
     * @param min the shortest allowed (above zero)
     * @param max the longest allowed
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws OptionException if {@code value} is shorter than {@code min} or longer than {@code max}
     */
    public static Duration between(OptionKey key, Duration value, Duration min, Duration max) {
        positive(key, value);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new OptionException(key.jsonName() + " must be between " + seconds(min) + " and " + seconds(max)
                    + ", but was " + seconds(value), key);
        }
        return value;
    }

    /**
     * @param key the key, named in the message
     * @param value the duration
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws OptionException if {@code value} is negative
     */
    public static Duration notNegative(OptionKey key, Duration value) {
        Objects.requireNonNull(value, key.builderName());
        if (value.isNegative()) {
            throw new OptionException(key.jsonName() + " must not be negative, but was " + seconds(value), key);
        }
        return value;
    }

    /**
     * @param key the key, named in the message
     * @param value the duration
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws OptionException if {@code value} is zero or negative
     */
    public static Duration positive(OptionKey key, Duration value) {
        Objects.requireNonNull(value, key.builderName());
        if (value.isNegative() || value.isZero()) {
            throw new OptionException(key.jsonName() + " must be greater than 0, but was " + seconds(value), key);
        }
        return value;
    }

    /**
     * @param key the key, named in the message
     * @param value the ratio
     * @return {@code value}
     * @throws OptionException unless {@code 0 < value <= 1}
     */
    public static double ratio(OptionKey key, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new OptionException(
                    key.jsonName() + " must be greater than 0 and at most 1, but was " + value, key);
        }
        return value;
    }

    /**
     * @param key the key, named in the message
     * @param value the number
     * @param min the smallest allowed value
     * @return {@code value}
     * @throws OptionException if {@code value < min} or NaN
     */
    public static double atLeast(OptionKey key, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new OptionException(key.jsonName() + " must be at least " + min + ", but was " + value, key);
        }
        return value;
    }

    /**
     * @param key the key, named in the message
     * @param value the text
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws OptionException if {@code value} is empty or only white space
     */
    public static String notBlank(OptionKey key, String value) {
        Objects.requireNonNull(value, key.builderName());
        if (value.isBlank()) {
            throw new OptionException(key.jsonName() + " must not be blank, but was \"" + value + "\"", key);
        }
        return value;
    }

    /**
     * @param value the application name
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws OptionException if PostgreSQL would truncate it
     */
    public static String applicationName(String value) {
        Objects.requireNonNull(value, OptionKey.APPLICATION_NAME.builderName());
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_APPLICATION_NAME_BYTES) {
            throw new OptionException("ApplicationName must be at most " + MAX_APPLICATION_NAME_BYTES
                    + " bytes in UTF-8 (PostgreSQL truncates longer names), but was " + bytes + " bytes: \""
                    + value + "\"", OptionKey.APPLICATION_NAME);
        }
        return value;
    }

    /**
     * @param codes SQLSTATE codes
     * @return the codes, in order, as an unmodifiable set
     * @throws NullPointerException if the collection or a code is null
     * @throws OptionException if a code is not five digits or capital letters, or appears twice
     */
    public static Set<String> sqlStates(Collection<String> codes) {
        OptionKey key = OptionKey.ADDITIONAL_TRANSIENT_SQL_STATES;
        Set<String> set = new LinkedHashSet<>();
        for (String code : Objects.requireNonNull(codes, key.builderName())) {
            Objects.requireNonNull(code, "SQLSTATE code");
            if (!SQLSTATE.matcher(code).matches()) {
                throw new OptionException(key.jsonName() + " entries must be SQLSTATE codes of five digits or"
                        + " capital letters (such as 57014), but one was " + Values.quote(code), key);
            }
            if (!set.add(code)) {
                throw new OptionException(key.jsonName() + " lists " + code + " twice", key);
            }
        }
        return Collections.unmodifiableSet(set);
    }

    /**
     * Checks the settings that limit each other.
     *
     * @param settings every setting
     * @throws OptionException if MinPoolSize exceeds MaxPoolSize or RetryDelaySeconds exceeds
     *     MaxRetryDelaySeconds
     */
    public static void combination(Map<OptionKey, Object> settings) {
        int min = (Integer) settings.get(OptionKey.MIN_POOL_SIZE);
        int max = (Integer) settings.get(OptionKey.MAX_POOL_SIZE);
        if (min > max) {
            throw new OptionException("MinPoolSize must be at most MaxPoolSize (" + max + "), but was " + min,
                    OptionKey.MIN_POOL_SIZE, OptionKey.MAX_POOL_SIZE);
        }
        Duration delay = (Duration) settings.get(OptionKey.RETRY_DELAY);
        Duration maxDelay = (Duration) settings.get(OptionKey.MAX_RETRY_DELAY);
        if (maxDelay.compareTo(delay) < 0) {
            throw new OptionException("MaxRetryDelaySeconds must be at least RetryDelaySeconds (" + seconds(delay)
                    + "), but was " + seconds(maxDelay), OptionKey.MAX_RETRY_DELAY, OptionKey.RETRY_DELAY);
        }
    }

    /**
     * The rule for a value given in two places of one source (a connection string keyword and a key, or two
     * spellings of a key): equal is fine, different is an error naming both places and values.
     *
     * @param key the key
     * @param value one value
     * @param origin where {@code value} came from
     * @param other the other value, with its origin
     * @return {@code value}
     * @throws OptionException if the values differ (a password or connection string is not shown)
     */
    public static Object agree(OptionKey key, Object value, String origin, Setting other) {
        if (Objects.equals(value, other.value())) {
            return value;
        }
        boolean hidden = key == OptionKey.PASSWORD || key == OptionKey.CONNECTION_STRING;
        String message = key.jsonName() + " is given twice with different values"
                + (hidden ? " (not shown): by " + origin + " and by " + other.origin()
                        : ": " + show(value) + " by " + origin + " and " + show(other.value()) + " by "
                                + other.origin())
                + "; give it in one place, or the same value in both";
        throw new OptionException(message, key);
    }

    /**
     * @param value a typed setting value
     * @return it as messages and {@code toString()} show it: durations in seconds, text quoted, secrets masked
     */
    public static String show(Object value) {
        if (value instanceof Duration) {
            return seconds((Duration) value);
        }
        if (value instanceof String) {
            return Values.quote((String) value);
        }
        return value instanceof Secret ? value.toString() : String.valueOf(value);
    }

    /**
     * @param value a duration
     * @return the duration in seconds, as plain decimal text without trailing zeros ({@code 0.5}, {@code 600})
     */
    public static String seconds(Duration value) {
        BigDecimal s = BigDecimal.valueOf(value.getSeconds()).add(BigDecimal.valueOf(value.getNano(), 9));
        return s.stripTrailingZeros().toPlainString();
    }
}
