package dev.ballast.spring.boot;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * Points out {@code spring.datasource.hikari.*} settings left over from HikariCP, which Ballast does not read, with
 * the {@code spring.datasource.ballast.*} key that replaces each (in seconds where HikariCP took milliseconds). Only
 * a warning: nothing is converted behind the application's back.
 */
final class HikariMigration {

    private static final Logger LOG = LoggerFactory.getLogger(BallastAutoConfiguration.class);
    private static final String PREFIX = "spring.datasource.hikari";

    /** HikariCP key (normalised: lower case, no dashes) → what replaces it. */
    private static final Map<String, String> REPLACEMENTS = Map.ofEntries(
            Map.entry("maximumpoolsize", "spring.datasource.ballast.max-pool-size"),
            Map.entry("minimumidle", "spring.datasource.ballast.min-pool-size (a total, not an idle count)"),
            Map.entry("connectiontimeout", "spring.datasource.ballast.connection-timeout-seconds (seconds)"),
            Map.entry("idletimeout", "spring.datasource.ballast.connection-idle-lifetime-seconds (seconds)"),
            Map.entry("maxlifetime", "spring.datasource.ballast.connection-lifetime-seconds (seconds)"),
            Map.entry("keepalivetime", "spring.datasource.ballast.keepalive-seconds (seconds)"),
            Map.entry("validationtimeout", "spring.datasource.ballast.validation-timeout-seconds (seconds)"),
            Map.entry("leakdetectionthreshold",
                    "spring.datasource.ballast.leak-detection-threshold-seconds (seconds)"),
            Map.entry("poolname", "spring.datasource.ballast.pool-name"),
            Map.entry("jdbcurl", "spring.datasource.url"),
            Map.entry("username", "spring.datasource.username"),
            Map.entry("password", "spring.datasource.password"));

    private HikariMigration() {}

    /**
     * @param environment the application's environment
     * @return the warning for its {@code spring.datasource.hikari.*} properties (values never shown), or null
     */
    static String warning(Environment environment) {
        Map<String, String> hikari = SpringSettings.read(environment, PREFIX);
        if (hikari.isEmpty()) {
            return null;
        }
        StringJoiner items = new StringJoiner("; ");
        for (String name : hikari.keySet()) {
            String key = name.substring(PREFIX.length() + 1).replace("-", "").toLowerCase(Locale.ROOT);
            String replacement = REPLACEMENTS.get(key);
            items.add(name + (replacement != null ? " -> " + replacement : " (no equivalent needed)"));
        }
        return "Ballast is the DataSource, so these HikariCP settings are ignored: " + items
                + ". See docs/spring-boot.md, \"Moving from spring.datasource.hikari.*\"";
    }

    /** @param environment the application's environment; logs {@link #warning} at WARN, if there is one */
    static void warnIfAny(Environment environment) {
        String warning = warning(environment);
        if (warning != null) {
            LOG.warn(warning);
        }
    }
}
