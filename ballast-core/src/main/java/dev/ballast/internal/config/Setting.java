package dev.ballast.internal.config;

/**
 * One configured value, typed, with where it came from (for messages). A password's value is a
 * {@link dev.ballast.Secret}, so printing a {@code Setting} never shows it.
 *
 * @param key the key
 * @param value the typed value (see {@link Values#convert})
 * @param origin where it came from, e.g. {@code Database.MaxPoolSize in appsettings.json}
 */
public record Setting(OptionKey key, Object value, String origin) {}
