package dev.ballast.internal.metrics;

import static dev.ballast.metrics.MetricNames.*;

import dev.ballast.event.BallastListener;
import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.event.PoolTuning;
import dev.ballast.pool.PoolStats;
import dev.ballast.resilience.CircuitState;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Records every pool and resilience event into OpenTelemetry instruments and registers the gauges. Attributes are
 * built once, so recording an event allocates nothing beyond what the SDK does. Thread-safe.
 */
public final class PoolMetrics implements BallastListener, AutoCloseable {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double NANOS_PER_MILLI = 1e6;
    /** Advised buckets for connection times in seconds: 0.1 ms to 30 s. */
    private static final List<Double> SECONDS_BUCKETS = List.of(0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
            0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);
    private static final List<Double> MILLIS_BUCKETS = List.of(0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0,
            500.0, 1000.0, 2500.0, 5000.0, 10000.0, 30000.0);

    private final Attributes pool;
    private final Attributes idleState;
    private final Attributes usedState;
    private final Map<ConnectionCloseReason, Attributes> closeReasons = new EnumMap<>(ConnectionCloseReason.class);
    private final Map<String, Attributes> operations;
    private final LongCounter opened;
    private final LongCounter closed;
    private final LongCounter failed;
    private final DoubleHistogram openDuration;
    private final LongCounter timeouts;
    private final DoubleHistogram createTime;
    private final DoubleHistogram waitTime;
    private final DoubleHistogram useTime;
    private final LongCounter retries;
    private final LongCounter transitions;
    private final List<AutoCloseable> callbacks = new ArrayList<>();
    private final Map<PoolTuning.Reason, Attributes> limitReasons = new EnumMap<>(PoolTuning.Reason.class);
    /** The automatic sizing's latest decision; {@code null} with tuning off (its gauges then report nothing). */
    private volatile PoolTuning tuning;

    /**
     * @param meter the meter to create instruments with
     * @param poolName the pool's name, the value of {@code db.client.connection.pool.name}
     * @param stats the pool's live statistics (read at collection time, never a query); null until the pool exists
     * @param activity the {@code pg_stat_activity} sampler
     * @param breaker the circuit breaker's state, or {@code null} when the breaker is disabled
     */
    public PoolMetrics(Meter meter, String poolName, Supplier<PoolStats> stats, ActivitySampler activity,
            Supplier<CircuitState> breaker) {
        AttributeKey<String> poolKey = AttributeKey.stringKey(POOL_NAME);
        AttributeKey<String> stateKey = AttributeKey.stringKey(STATE);
        this.pool = Attributes.of(poolKey, poolName);
        this.idleState = Attributes.of(poolKey, poolName, stateKey, "idle");
        this.usedState = Attributes.of(poolKey, poolName, stateKey, "used");
        for (ConnectionCloseReason r : ConnectionCloseReason.values()) {
            closeReasons.put(r, Attributes.of(poolKey, poolName, AttributeKey.stringKey("ballast.close.reason"),
                    r.name().toLowerCase(java.util.Locale.ROOT)));
        }
        for (PoolTuning.Reason r : PoolTuning.Reason.values()) {
            limitReasons.put(r, Attributes.of(poolKey, poolName, AttributeKey.stringKey(LIMIT_REASON),
                    r.name().toLowerCase(java.util.Locale.ROOT)));
        }
        AttributeKey<String> opKey = AttributeKey.stringKey(OPERATION);
        this.operations = Map.of(
                "execute", Attributes.of(poolKey, poolName, opKey, "execute"),
                "withConnection", Attributes.of(poolKey, poolName, opKey, "withConnection"),
                "inTransaction", Attributes.of(poolKey, poolName, opKey, "inTransaction"));

        opened = meter.counterBuilder(OPENED).setUnit("{connection}")
                .setDescription("Physical connections opened").build();
        closed = meter.counterBuilder(CLOSED).setUnit("{connection}")
                .setDescription("Physical connections closed").build();
        failed = meter.counterBuilder(FAILED).setUnit("{connection}")
                .setDescription("Failed attempts to open a physical connection").build();
        openDuration = meter.histogramBuilder(OPEN_DURATION).setUnit("ms")
                .setDescription("Time to open a physical connection").setExplicitBucketBoundariesAdvice(MILLIS_BUCKETS)
                .build();
        timeouts = meter.counterBuilder(TIMEOUTS).setUnit("{timeout}")
                .setDescription("Borrows that timed out waiting for a connection").build();
        createTime = seconds(meter, CREATE_TIME, "Time to create a new connection");
        waitTime = seconds(meter, WAIT_TIME, "Time to obtain an open connection from the pool");
        useTime = seconds(meter, USE_TIME, "Time between borrowing a connection and returning it");
        retries = meter.counterBuilder(RETRY_ATTEMPTS).setUnit("{retry}")
                .setDescription("Retries scheduled after a transient failure").build();
        transitions = meter.counterBuilder(BREAKER_TRANSITIONS).setUnit("{transition}")
                .setDescription("Circuit breaker state changes").build();

        callbacks.add(meter.upDownCounterBuilder(CONNECTION_COUNT).setUnit("{connection}")
                .setDescription("Connections by state").buildWithCallback(m -> {
                    PoolStats s = stats.get();
                    if (s != null) {
                        m.record(s.idle(), idleState);
                        m.record(s.used(), usedState);
                    }
                }));
        callbacks.add(gauge(meter, CONNECTION_MAX, "{connection}", "Maximum open connections allowed",
                stats, PoolStats::max));
        callbacks.add(gauge(meter, IDLE_MAX, "{connection}", "Maximum idle connections allowed",
                stats, PoolStats::max));
        callbacks.add(gauge(meter, IDLE_MIN, "{connection}", "Minimum connections kept open",
                stats, PoolStats::min));
        callbacks.add(gauge(meter, PENDING, "{request}", "Callers waiting for a connection",
                stats, PoolStats::pending));
        callbacks.add(meter.gaugeBuilder(POOL_LIMIT).ofLongs().setUnit("{connection}")
                .setDescription("Automatic pool sizing: the concurrency limit in force").buildWithCallback(m -> {
                    PoolTuning t = tuning;
                    if (t != null) {
                        m.record(t.limit(), limitReasons.get(t.reason()));
                    }
                }));
        callbacks.add(meter.gaugeBuilder(POOL_LIMIT_THROUGHPUT).setUnit("{return}/s")
                .setDescription("Automatic pool sizing: returns per second in the latest window")
                .buildWithCallback(m -> {
                    PoolTuning t = tuning;
                    if (t != null) {
                        m.record(t.throughputPerSecond(), pool);
                    }
                }));
        callbacks.add(meter.gaugeBuilder(POOL_LIMIT_SERVICE_TIME).setUnit("s")
                .setDescription("Automatic pool sizing: mean connection hold time in the latest window")
                .buildWithCallback(m -> {
                    PoolTuning t = tuning;
                    if (t != null && Double.isFinite(t.serviceMillis())) {
                        m.record(t.serviceMillis() / 1e3, pool);
                    }
                }));
        callbacks.add(activityGauge(meter, PG_ACTIVE, "active", activity::active));
        callbacks.add(activityGauge(meter, PG_IDLE, "idle", activity::idle));
        callbacks.add(activityGauge(meter, PG_TOTAL, "all", activity::total));
        if (breaker != null) {
            callbacks.add(meter.gaugeBuilder(BREAKER_STATE).ofLongs().setUnit("1")
                    .setDescription("Circuit breaker state: 0 closed, 1 half-open, 2 open, 3 isolated")
                    .buildWithCallback(m -> m.record(stateCode(breaker.get()), pool)));
        }
    }

    private static DoubleHistogram seconds(Meter meter, String name, String description) {
        return meter.histogramBuilder(name).setUnit("s").setDescription(description)
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS).build();
    }

    private AutoCloseable gauge(Meter meter, String name, String unit, String description,
            Supplier<PoolStats> stats, java.util.function.ToIntFunction<PoolStats> value) {
        return meter.upDownCounterBuilder(name).setUnit(unit).setDescription(description)
                .buildWithCallback(m -> {
                    PoolStats s = stats.get();
                    if (s != null) {
                        m.record(value.applyAsInt(s), pool);
                    }
                });
    }

    private AutoCloseable activityGauge(Meter meter, String name, String which,
            java.util.function.LongSupplier value) {
        return meter.gaugeBuilder(name).ofLongs().setUnit("{connection}")
                .setDescription("This pool's backends in pg_stat_activity (" + which + ")")
                .buildWithCallback(m -> recordKnown(m, value.getAsLong()));
    }

    private void recordKnown(ObservableLongMeasurement m, long value) {
        if (value >= 0) { // -1: not sampled yet, or the last sample failed
            m.record(value, pool);
        }
    }

    static int stateCode(CircuitState state) {
        switch (state) {
            case CLOSED: return 0;
            case HALF_OPEN: return 1;
            case OPEN: return 2;
            default: return 3;
        }
    }

    @Override
    public void connectionOpened(long openNanos) {
        opened.add(1, pool);
        openDuration.record(openNanos / NANOS_PER_MILLI, pool);
        createTime.record(openNanos / NANOS_PER_SECOND, pool);
    }

    @Override
    public void connectionFailed(long elapsedNanos, SQLException cause) {
        failed.add(1, pool);
    }

    @Override
    public void connectionClosed(ConnectionCloseReason reason) {
        closed.add(1, closeReasons.get(reason));
    }

    @Override
    public void connectionBorrowed(long waitNanos) {
        waitTime.record(waitNanos / NANOS_PER_SECOND, pool);
    }

    @Override
    public void poolLimitTuned(PoolTuning decision) {
        tuning = decision;
    }

    @Override
    public void connectionReturned(long useNanos) {
        useTime.record(useNanos / NANOS_PER_SECOND, pool);
    }

    @Override
    public void borrowTimeout(long waitNanos) {
        timeouts.add(1, pool);
    }

    @Override
    public void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {
        retries.add(1, operations.getOrDefault(operation, pool));
    }

    @Override
    public void circuitStateChanged(CircuitState from, CircuitState to) {
        transitions.add(1, pool.toBuilder().put("ballast.from", from.name().toLowerCase(java.util.Locale.ROOT))
                .put("ballast.to", to.name().toLowerCase(java.util.Locale.ROOT)).build());
    }

    /** Unregisters the gauge callbacks. */
    @Override
    public void close() {
        for (AutoCloseable c : callbacks) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the no-op API's handles never throw; an SDK's never should
            }
        }
    }
}
