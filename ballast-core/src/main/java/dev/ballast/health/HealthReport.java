package dev.ballast.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one health check: a status, a human-readable description, how long the check took, data about
 * the pool (never a password), and tags. Immutable and thread-safe.
 *
 * <p>{@link #toJson()} renders the ASP.NET HealthChecks UI shape, so existing dashboards read it unchanged:
 * <pre>{@code
 * {"status":"Healthy","totalDuration":"00:00:00.0120000",
 *  "entries":{"database":{"data":{...},"description":"...","duration":"00:00:00.0120000",
 *                         "status":"Healthy","tags":["ready"]}}}
 * }</pre>
 */
public final class HealthReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final HealthStatus status;
    private final String description;
    private final Duration duration;
    private final Map<String, Object> data;
    private final List<String> tags;

    /**
     * @param name the entry's name, e.g. {@code database}
     * @param status the outcome
     * @param description what was found, for people
     * @param duration how long the check took
     * @param data facts about the pool; values are strings, numbers or booleans
     * @param tags tags such as {@code ready}
     */
    public HealthReport(String name, HealthStatus status, String description, Duration duration,
            Map<String, ?> data, List<String> tags) {
        this.name = Objects.requireNonNull(name, "name");
        this.status = Objects.requireNonNull(status, "status");
        this.description = Objects.requireNonNull(description, "description");
        this.duration = Objects.requireNonNull(duration, "duration");
        this.data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        this.tags = List.copyOf(tags);
    }

    /** @return the outcome */
    public HealthStatus status() {
        return status;
    }

    /** @return what was found, for people */
    public String description() {
        return description;
    }

    /** @return how long the check took */
    public Duration duration() {
        return duration;
    }

    /** @return facts about the pool, in a stable order (read-only) */
    public Map<String, Object> data() {
        return data;
    }

    /** @return the entry's tags */
    public List<String> tags() {
        return tags;
    }

    /** @return the entry's name */
    public String name() {
        return name;
    }

    /** @return this report in the ASP.NET HealthChecks UI JSON shape */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", status.displayName());
        root.put("totalDuration", timeSpan(duration));
        ObjectNode entry = root.putObject("entries").putObject(name);
        entry.set("data", JSON.valueToTree(data));
        entry.put("description", description);
        entry.put("duration", timeSpan(duration));
        entry.put("status", status.displayName());
        tags.forEach(entry.putArray("tags")::add);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render health report", e);
        }
    }

    /**
     * Formats a duration as .NET's {@code TimeSpan} does ({@code hh:mm:ss.fffffff}, days as {@code d.} prefix).
     *
     * @param d a non-negative duration
     * @return the .NET rendering
     */
    static String timeSpan(Duration d) {
        long ticks = d.toNanos() / 100; // a .NET tick is 100 ns
        long days = d.toDays();
        String clock = String.format("%02d:%02d:%02d.%07d", d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart(),
                ticks % 10_000_000L);
        return days > 0 ? days + "." + clock : clock;
    }

    @Override
    public String toString() {
        return "HealthReport[" + status.displayName() + ": " + description + ", " + data + "]";
    }
}
