package dev.ballast.http.internal;

import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an HTTP caller may learn about a failure: a category and a correlation id, never the server's own text
 * (which names users, databases, hosts and SQL). The full detail goes to the service log under the same id, so an
 * operator can find it. Stateless.
 */
public final class PublicErrors {

    private static final Pattern SQLSTATE = Pattern.compile("SQLSTATE ([0-9A-Z]{5})");

    private PublicErrors() {}

    /** @return a new correlation id: 16 lower-case hex digits */
    public static String correlationId() {
        return String.format(Locale.ROOT, "%016x", ThreadLocalRandom.current().nextLong());
    }

    /**
     * @param detail a failure's text, possibly naming a SQLSTATE as {@code SQLSTATE 28P01}
     * @return its category: {@code authentication}, {@code unknown-database}, {@code permission},
     *     {@code connection}, {@code server-shutdown}, {@code server-resources}, {@code database-error}, or
     *     {@code unavailable} when the text names no SQLSTATE
     */
    public static String category(String detail) {
        Matcher m = SQLSTATE.matcher(detail == null ? "" : detail);
        if (!m.find()) {
            return "unavailable";
        }
        String state = m.group(1);
        if (state.startsWith("28")) {
            return "authentication";
        }
        if (state.equals("3D000")) {
            return "unknown-database";
        }
        if (state.equals("42501")) {
            return "permission";
        }
        if (state.startsWith("08")) {
            return "connection";
        }
        if (state.startsWith("57P")) {
            return "server-shutdown";
        }
        if (state.startsWith("53")) {
            return "server-resources";
        }
        return "database-error";
    }

    /**
     * @param report a health report
     * @param correlationId the id the caller will see and the log will carry
     * @return the report itself unless it is Unhealthy; then a copy whose description and {@code error} entry
     *     carry only the category and the id
     */
    public static HealthReport redact(HealthReport report, String correlationId) {
        if (report.status() != HealthStatus.UNHEALTHY) {
            return report;
        }
        Object error = report.data().get("error");
        return unhealthy(report.name(), category(error == null ? report.description() : error.toString()),
                correlationId, report.duration(), report.data(), report.tags());
    }

    /**
     * @param correlationId the id the caller will see and the log will carry
     * @return the Unhealthy report of a readiness check that threw instead of answering: category
     *     {@code check-failed}
     */
    public static HealthReport checkFailed(String correlationId) {
        return unhealthy("database", "check-failed", correlationId, Duration.ZERO, Map.of(), List.of("ready"));
    }

    private static HealthReport unhealthy(String name, String category, String correlationId, Duration duration,
            Map<String, Object> data, List<String> tags) {
        Map<String, Object> shown = new LinkedHashMap<>(data);
        shown.put("error", category);
        shown.put("correlation_id", correlationId);
        return new HealthReport(name, HealthStatus.UNHEALTHY, "The database check failed (" + category
                + "); the service log has the details under correlation id " + correlationId + ".", duration, shown,
                tags);
    }
}
