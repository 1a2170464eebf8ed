package dev.ballast.spring.boot.actuate;

import dev.ballast.Ballast;
import dev.ballast.alert.AlertRule;
import dev.ballast.metrics.MetricNames;
import dev.ballast.pool.PoolStats;
import dev.ballast.resilience.CircuitState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Publishes Ballast's own metric names in Micrometer, the same names Ballast emits through OpenTelemetry
 * ({@link MetricNames}), each tagged {@code db.client.connection.pool.name}:
 *
 * <ul>
 *   <li>read from the pool's statistics at each scrape (no query): {@code db.client.connection.count} (tag
 *       {@code db.client.connection.state} = {@code idle} | {@code used}), {@code db.client.connection.max},
 *       {@code .idle.max}, {@code .idle.min}, {@code .pending_requests}; function counters
 *       {@code db.client.connection.timeouts}, {@code db.connection.opened}, {@code db.connection.closed},
 *       {@code db.connection.failed}; the gauges {@code ballast.circuit_breaker.state} (0 closed, 1 half-open,
 *       2 open, 3 isolated) and {@code ballast.alerts.active} (one series per rule, tag {@code ballast.alert});</li>
 *   <li>fed by events, through {@link BallastMetricsListener}: the timers and the remaining counters.</li>
 * </ul>
 *
 * <p>These are read from the pool, not copied from OpenTelemetry, so each value is recorded once per registry. If
 * Ballast was also started with an OpenTelemetry SDK that exports to the same backend, switch one path off (for
 * Micrometer: {@code management.metrics.enable.db=false}, {@code management.metrics.enable.ballast=false}).
 * Not published here: the {@code pg_stat_activity} gauges {@code db.pool.connections.*}, the pool-sizing gauges
 * {@code ballast.pool.limit*} and the per-host series of a multi-host pool (OpenTelemetry only).
 */
public final class BallastMeterBinder implements MeterBinder {

    private final Ballast ballast;
    private final BallastMetricsListener events;

    /**
     * @param ballast the running Ballast
     * @param events the listener Ballast was started with, bound to the same registry; may be null
     */
    public BallastMeterBinder(Ballast ballast, BallastMetricsListener events) {
        this.ballast = Objects.requireNonNull(ballast, "ballast");
        this.events = events;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags pool = Tags.of(MetricNames.POOL_NAME, ballast.options().poolName());
        Gauge.builder(MetricNames.CONNECTION_COUNT, ballast, b -> b.stats().idle()).tags(pool)
                .tag(MetricNames.STATE, "idle").description("Connections by state").register(registry);
        Gauge.builder(MetricNames.CONNECTION_COUNT, ballast, b -> b.stats().used()).tags(pool)
                .tag(MetricNames.STATE, "used").description("Connections by state").register(registry);
        gauge(registry, pool, MetricNames.CONNECTION_MAX, "Maximum open connections allowed", PoolStats::max);
        gauge(registry, pool, MetricNames.IDLE_MAX, "Maximum idle connections allowed", PoolStats::max);
        gauge(registry, pool, MetricNames.IDLE_MIN, "Minimum connections kept open", PoolStats::min);
        gauge(registry, pool, MetricNames.PENDING, "Callers waiting for a connection", PoolStats::pending);
        counter(registry, pool, MetricNames.TIMEOUTS, "Borrows that timed out waiting for a connection",
                PoolStats::timeouts);
        counter(registry, pool, MetricNames.OPENED, "Physical connections opened", PoolStats::connectionsCreated);
        counter(registry, pool, MetricNames.CLOSED, "Physical connections closed", PoolStats::connectionsClosed);
        counter(registry, pool, MetricNames.FAILED, "Failed attempts to open a physical connection",
                PoolStats::connectionsFailed);
        Gauge.builder(MetricNames.BREAKER_STATE, ballast, b -> stateCode(b.resilience().circuitState())).tags(pool)
                .description("Circuit breaker state: 0 closed, 1 half-open, 2 open, 3 isolated").register(registry);
        for (AlertRule rule : AlertRule.values()) {
            Gauge.builder(MetricNames.ALERTS_ACTIVE, ballast, b -> firing(b, rule)).tags(pool)
                    .tag(MetricNames.ALERT, rule.alertName())
                    .description("1 while the Ballast alert fires, 0 otherwise").register(registry);
        }
        if (events != null) {
            events.bindTo(registry, pool);
        }
    }

    private void gauge(MeterRegistry registry, Tags pool, String name, String description,
            ToDoubleFunction<PoolStats> value) {
        Gauge.builder(name, ballast, b -> value.applyAsDouble(b.stats())).tags(pool).description(description)
                .register(registry);
    }

    private void counter(MeterRegistry registry, Tags pool, String name, String description,
            ToDoubleFunction<PoolStats> value) {
        FunctionCounter.builder(name, ballast, b -> value.applyAsDouble(b.stats())).tags(pool)
                .description(description).register(registry);
    }

    private static double firing(Ballast ballast, AlertRule rule) {
        return ballast.activeAlerts().stream().anyMatch(a -> a.rule() == rule) ? 1 : 0;
    }

    /** The same codes as Ballast's OpenTelemetry gauge. */
    static int stateCode(CircuitState state) {
        switch (state) {
            case CLOSED:
                return 0;
            case HALF_OPEN:
                return 1;
            case OPEN:
                return 2;
            default:
                return 3;
        }
    }
}
