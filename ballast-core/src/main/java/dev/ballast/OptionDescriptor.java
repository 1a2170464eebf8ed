package dev.ballast;

import dev.ballast.internal.config.OptionKey;
import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.resilience.BackoffType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One key of {@link DatabaseOptions}, as the table every configuration source reads describes it: its names, the
 * type of its value and its default. For tools that present or check configuration generated from that table —
 * an IDE's property metadata, documentation — so that a key added to Ballast reaches them without a second list.
 * Immutable and thread-safe.
 */
public final class OptionDescriptor {

    private static final List<OptionDescriptor> ALL;

    static {
        List<OptionDescriptor> all = new ArrayList<>();
        for (OptionKey key : OptionKey.values()) {
            all.add(new OptionDescriptor(key));
        }
        ALL = Collections.unmodifiableList(all);
    }

    private final OptionKey key;

    private OptionDescriptor(OptionKey key) {
        this.key = key;
    }

    /** @return every key, the settings first (in the documented order), then the connection keys */
    public static List<OptionDescriptor> all() {
        return ALL;
    }

    /** @return the key as a JSON {@code "Database"} section spells it, e.g. {@code MaxPoolSize} */
    public String name() {
        return key.jsonName();
    }

    /**
     * @return the name of the {@link DatabaseOptions.Builder} method that sets the key and of the
     *     {@link DatabaseOptions} accessor that reads it, e.g. {@code maxPoolSize}; null for {@code Host},
     *     {@code Port} and {@code Database}, which are parts of the URL
     */
    public String builderName() {
        return key.builderName();
    }

    /** @return the key in properties words, e.g. {@code max-pool-size} */
    public String kebabName() {
        return key.kebabName();
    }

    /**
     * The type of the value: {@code Integer}, {@code Duration} (written as a number of seconds, possibly
     * fractional, in every text source), {@code Boolean}, {@code Double}, {@code String}, {@link BackoffType},
     * {@link PgBouncerPoolMode}, or {@code List} (of SQLSTATE codes; a comma-separated string in text sources).
     *
     * @return the type of the value
     */
    public Class<?> type() {
        return switch (key.kind()) {
            case INT -> Integer.class;
            case SECONDS -> Duration.class;
            case BOOL -> Boolean.class;
            case RATIO -> Double.class;
            case TEXT, SECRET -> String.class;
            case BACKOFF -> BackoffType.class;
            case BOUNCER_MODE -> PgBouncerPoolMode.class;
            case SQLSTATES -> List.class;
        };
    }

    /** @return what a value looks like, as error messages say it, e.g. {@code a number of seconds} */
    public String expected() {
        return key.kind().expected();
    }

    /** @return the default, of {@link #type()}; null for the connection keys, which have none */
    public Object defaultValue() {
        return key.defaultValue();
    }

    /**
     * @return true for the keys that describe the connection (connection string, host, port, database, user name,
     *     password), which frameworks usually carry in their own properties
     */
    public boolean isConnection() {
        return key.isConnection();
    }

    /** @return true for the password, whose value is never shown */
    public boolean isSecret() {
        return key == OptionKey.PASSWORD;
    }

    @Override
    public String toString() {
        return key.jsonName();
    }
}
