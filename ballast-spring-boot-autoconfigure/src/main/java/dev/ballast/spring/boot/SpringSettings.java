package dev.ballast.spring.boot;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Collects the {@code spring.datasource.ballast.*} entries of a Spring {@link Environment} as text, so that
 * Ballast's own key table (through {@link dev.ballast.DatabaseOptions.Builder#properties}) converts and checks them:
 * there is no Java field per key here. Spring's relaxed names are honoured: {@code max-pool-size},
 * {@code maxPoolSize} in YAML, {@code SPRING_DATASOURCE_BALLAST_MAX_POOL_SIZE} in the environment, and indexed list
 * entries ({@code additional-transient-sql-states[0]}). When several property sources name the same key, the one of
 * highest precedence wins, as everywhere in Spring.
 */
final class SpringSettings {

    /** The section every Ballast setting lives under. */
    static final String PREFIX = "spring.datasource.ballast";

    private SpringSettings() {}

    /**
     * @param environment the application's environment
     * @return every Ballast setting, by its property name ({@code spring.datasource.ballast.max-pool-size}), value
     *     as text with placeholders resolved
     */
    static Map<String, String> read(Environment environment) {
        return read(environment, PREFIX);
    }

    /**
     * @param environment the application's environment
     * @param prefix a section, e.g. {@code spring.datasource.hikari}
     * @return every property under it, by name (elements joined with {@code -}), value as text
     */
    static Map<String, String> read(Environment environment, String prefix) {
        ConfigurationPropertyName prefixName = ConfigurationPropertyName.of(prefix);
        Map<String, String> found = new LinkedHashMap<>();
        Map<String, Integer> ownerOfKey = new HashMap<>(); // which source (by precedence) gives each key
        int sourceIndex = 0;
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            sourceIndex++;
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            for (ConfigurationPropertyName name : iterable.stream().filter(prefixName::isAncestorOf).toList()) {
                StringBuilder key = new StringBuilder();
                StringBuilder indices = new StringBuilder();
                for (int i = prefixName.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
                    if (name.isNumericIndex(i)) {
                        indices.append('[').append(name.getElement(i, Form.ORIGINAL)).append(']');
                    } else if (indices.length() == 0) {
                        key.append(key.length() == 0 ? "" : "-").append(name.getElement(i, Form.ORIGINAL));
                    } else {
                        key.append('.').append(name.getElement(i, Form.ORIGINAL)); // not a key Ballast has
                    }
                }
                String normalized = key.toString().replaceAll("[-_.]", "").toLowerCase(Locale.ROOT);
                if (ownerOfKey.putIfAbsent(normalized, sourceIndex) != null
                        && ownerOfKey.get(normalized) != sourceIndex) {
                    continue; // a source of higher precedence gave this key
                }
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property == null || property.getValue() == null) {
                    continue;
                }
                Object value = property.getValue();
                String text = value instanceof String s ? environment.resolveRequiredPlaceholders(s)
                        : String.valueOf(value);
                found.putIfAbsent(prefix + "." + key + indices, text);
            }
        }
        return found;
    }
}
