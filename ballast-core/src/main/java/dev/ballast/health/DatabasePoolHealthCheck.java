package dev.ballast.health;

import dev.ballast.DatabaseOptions;
import dev.ballast.alert.Alert;
import dev.ballast.alert.AlertRule;
import dev.ballast.pool.PoolStats;
import dev.ballast.resilience.CircuitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The database readiness check (the ASP.NET Core health check shape), with live pool data. {@link #check()}:
 *
 * <ul>
 *   <li><b>Unhealthy</b> when the database cannot be reached: {@code SELECT 1} on a connection borrowed from the
 *       pool, bounded by the check timeout (ValidationTimeoutSeconds) so the check never hangs;</li>
 *   <li><b>Degraded</b> when MaxPoolSize is below {@code HealthDegradedBelowMaxPoolSize} (10, as the ASP.NET
 *       health check of the Npgsql pool Ballast follows has it), when a built-in alert fires
 *       ({@link AlertRule}), or at once when the rule {@link AlertRule#CIRCUIT_OPEN} or
 *       {@link AlertRule#WAITERS_PRESENT} finds its condition (the breaker not closed, callers waiting for a
 *       connection): the health check asks the alert rules rather than judging these itself;</li>
 *   <li><b>Healthy</b> otherwise.</li>
 * </ul>
 *
 * <p>The probe borrows from the pool, so it counts against MaxPoolSize like every connection Ballast holds, and
 * its answer is shared: at most one probe runs at a time and its answer is reused for about a second, so a flood of
 * readiness requests costs one borrowed connection and one query per second. A saturated pool (every connection
 * in use, none idle) is not probed: it is Degraded, and busy connections mean the database was answering. Data
 * carries seven keys of the .NET health check ({@code pooling_enabled}, {@code min_pool_size},
 * {@code max_pool_size}, {@code connection_lifetime_sec}, {@code idle_lifetime_sec}, {@code retry_policy_enabled},
 * {@code circuit_breaker_enabled}) and live ones ({@code connections_used}, {@code connections_idle},
 * {@code connections_total}, {@code pending_requests}, {@code circuit_breaker_state}, and {@code active_alerts} while
 * any fires). Never the password.
 * Thread-safe.
 */
public final class DatabasePoolHealthCheck {

    /** The rules whose condition degrades health at once, before their alert would fire. */
    private static final List<AlertRule> DEGRADE_AT_ONCE = List.of(AlertRule.CIRCUIT_OPEN, AlertRule.WAITERS_PRESENT);

    private final DatabaseOptions options;
    private final Supplier<PoolStats> stats;
    private final Supplier<CircuitState> breaker;
    private final Function<AlertRule, String> conditionNow;
    private final Supplier<List<Alert>> firing;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final ReadinessProbe probe;
    private volatile Supplier<Map<String, Object>> topology = Map::of;
    private volatile Supplier<String> topologyProblems = () -> null;

    /**
     * @param options the pool's options (connection, sizes, thresholds)
     * @param pool the pool the probe borrows its connection from
     * @param stats the pool's live statistics
     * @param breaker the circuit breaker's state, for the data
     * @param conditionNow asks an alert rule whether its condition holds now: what it found, or null
     * @param firing the alerts firing now (each makes the check Degraded); may return an empty list
     * @param nanoTime a monotonic clock, for the check's duration
     */
    public DatabasePoolHealthCheck(DatabaseOptions options, DataSource pool, Supplier<PoolStats> stats,
            Supplier<CircuitState> breaker, Function<AlertRule, String> conditionNow, Supplier<List<Alert>> firing,
            LongSupplier nanoTime) {
        this.options = Objects.requireNonNull(options, "options");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.conditionNow = Objects.requireNonNull(conditionNow, "conditionNow");
        this.firing = Objects.requireNonNull(firing, "firing");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.timeout = options.validationTimeout();
        this.probe = new ReadinessProbe(Objects.requireNonNull(pool, "pool"), stats, options.enablePooling(),
                timeout, nanoTime, "ballast-" + options.poolName() + "-health-probe", this::redact);
    }

    /**
     * With several hosts: adds every host's role, lag and state to the data ({@code primary}, {@code hosts},
     * {@code host.<name:port>.role|lag_sec|problem}), and reports Degraded while a host is down or no primary is
     * known. Called once by {@code Ballast} at start.
     *
     * @param data the topology's health data, read at each check (never a query)
     * @param problems what is wrong with the topology now, or null when nothing is
     */
    public void topology(Supplier<Map<String, Object>> data, Supplier<String> problems) {
        this.topology = Objects.requireNonNull(data, "data");
        this.topologyProblems = Objects.requireNonNull(problems, "problems");
    }

    /**
     * Runs the check. Takes at most about the check timeout (ValidationTimeoutSeconds).
     *
     * @return the report; never throws for a database problem (that is what Unhealthy is for)
     */
    public HealthReport check() {
        long start = nanoTime.getAsLong();
        PoolStats s = stats.get();
        CircuitState state = breaker.get();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pooling_enabled", options.enablePooling());
        data.put("min_pool_size", options.minPoolSize());
        data.put("max_pool_size", options.maxPoolSize());
        data.put("connection_lifetime_sec", options.connectionLifetime().toSeconds());
        data.put("idle_lifetime_sec", options.connectionIdleLifetime().toSeconds());
        data.put("retry_policy_enabled", options.enableRetryPolicy());
        data.put("circuit_breaker_enabled", options.enableCircuitBreaker());
        data.put("pool_name", options.poolName());
        data.put("connections_used", s.used());
        data.put("connections_idle", s.idle());
        data.put("connections_total", s.total());
        data.put("pending_requests", s.pending());
        data.put("connection_timeouts", s.timeouts());
        data.put("circuit_breaker_state", state.name());
        data.putAll(topology.get());

        ReadinessProbe.Outcome answer = probe.outcome();
        if (answer.failure() != null) {
            data.put("error", answer.failure());
            return report(HealthStatus.UNHEALTHY, "Cannot connect to the database: " + answer.failure(), start,
                    data);
        }
        List<String> reasons = new ArrayList<>();
        if (answer.saturated()) {
            reasons.add("the database was not probed: every connection of the pool is in use");
        }
        if (options.maxPoolSize() < options.healthDegradedBelowMaxPoolSize()) {
            reasons.add("MaxPoolSize " + options.maxPoolSize() + " is below "
                    + options.healthDegradedBelowMaxPoolSize() + ": may be too small for production");
        }
        String topologyProblem = topologyProblems.get();
        if (topologyProblem != null) {
            reasons.add(topologyProblem);
        }
        List<Alert> alerts = firing.get();
        List<AlertRule> alerting = new ArrayList<>();
        alerts.forEach(a -> alerting.add(a.rule()));
        for (AlertRule atOnce : DEGRADE_AT_ONCE) {
            String found = alerting.contains(atOnce) ? null : conditionNow.apply(atOnce);
            if (found != null) {
                reasons.add(found);
            }
        }
        if (!alerts.isEmpty()) {
            List<String> names = new ArrayList<>();
            List<String> described = new ArrayList<>();
            for (Alert a : alerts) {
                names.add(a.name());
                described.add(a.name() + " (" + a.message() + ")");
            }
            data.put("active_alerts", String.join(",", names));
            reasons.add("alerts firing: " + String.join(", ", described));
        }
        if (reasons.isEmpty()) {
            return report(HealthStatus.HEALTHY, "The pool is configured well and the database answers.", start, data);
        }
        return report(HealthStatus.DEGRADED, String.join("; ", reasons), start, data);
    }

    private HealthReport report(HealthStatus status, String description, long start, Map<String, Object> data) {
        return new HealthReport("database", status, description, Duration.ofNanos(nanoTime.getAsLong() - start),
                data, List.of("ready", "database"));
    }

    private String redact(String message) {
        return options.password().isEmpty() ? message : message.replace(options.password().reveal(), "******");
    }
}
