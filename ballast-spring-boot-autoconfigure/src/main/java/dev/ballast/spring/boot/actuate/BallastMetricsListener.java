package dev.ballast.spring.boot.actuate;

import dev.ballast.alert.Alert;
import dev.ballast.event.BallastListener;
import dev.ballast.metrics.MetricNames;
import dev.ballast.resilience.CircuitState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The event-driven half of Ballast's Micrometer meters: timers and counters that only Ballast's events can feed
 * ({@code db.client.connection.create_time|wait_time|use_time}, {@code db.connection.open.duration},
 * {@code ballast.retry.attempts}, {@code ballast.circuit_breaker.transitions}, {@code ballast.alerts.fired}).
 * It must be among the listeners Ballast starts with: the auto-configuration adds it through a
 * {@code BallastOptionsCustomizer} (so not when the application defines its own {@code DatabaseOptions} bean: then add
 * it with {@code DatabaseOptions.Builder.listener}); {@link BallastMeterBinder} binds it to the registry. Events before that binding (the MinPoolSize connections
 * opened at start) are not recorded. Thread-safe; recording allocates nothing beyond what Micrometer does.
 */
public final class BallastMetricsListener implements BallastListener {

    private volatile Meters meters;

    /**
     * Starts recording into {@code registry}; called by {@link BallastMeterBinder#bindTo(MeterRegistry)}.
     *
     * @param registry where the meters go
     * @param pool the tags every meter carries ({@code db.client.connection.pool.name})
     */
    void bindTo(MeterRegistry registry, Tags pool) {
        this.meters = new Meters(registry, pool);
    }

    @Override
    public void connectionOpened(long openNanos) {
        Meters m = meters;
        if (m != null) {
            m.createTime.record(openNanos, TimeUnit.NANOSECONDS);
            m.openDuration.record(openNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void connectionBorrowed(long waitNanos) {
        Meters m = meters;
        if (m != null) {
            m.waitTime.record(waitNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void connectionReturned(long useNanos) {
        Meters m = meters;
        if (m != null) {
            m.useTime.record(useNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {
        Meters m = meters;
        if (m != null) {
            Counter.builder(MetricNames.RETRY_ATTEMPTS).description("Retries scheduled after a transient failure")
                    .tags(m.pool).tag(MetricNames.OPERATION, operation).register(m.registry).increment();
        }
    }

    @Override
    public void circuitStateChanged(CircuitState from, CircuitState to) {
        Meters m = meters;
        if (m != null) {
            Counter.builder(MetricNames.BREAKER_TRANSITIONS).description("Circuit breaker state changes")
                    .tags(m.pool).tag("ballast.from", from.name().toLowerCase(Locale.ROOT))
                    .tag("ballast.to", to.name().toLowerCase(Locale.ROOT)).register(m.registry).increment();
        }
    }

    @Override
    public void alertFired(Alert alert) {
        Meters m = meters;
        if (m != null) {
            Counter.builder(MetricNames.ALERTS_FIRED).description("Times each Ballast alert has fired")
                    .tags(m.pool).tag(MetricNames.ALERT, alert.name()).register(m.registry).increment();
        }
    }

    /** The timers of one registry, created once. */
    private static final class Meters {
        final MeterRegistry registry;
        final Tags pool;
        final Timer createTime;
        final Timer openDuration;
        final Timer waitTime;
        final Timer useTime;

        Meters(MeterRegistry registry, Tags pool) {
            this.registry = registry;
            this.pool = pool;
            this.createTime = timer(MetricNames.CREATE_TIME, "Time to create a new connection");
            this.openDuration = timer(MetricNames.OPEN_DURATION, "Time to open a physical connection");
            this.waitTime = timer(MetricNames.WAIT_TIME, "Time to obtain an open connection from the pool");
            this.useTime = timer(MetricNames.USE_TIME, "Time between borrowing a connection and returning it");
        }

        private Timer timer(String name, String description) {
            return Timer.builder(name).description(description).tags(pool).register(registry);
        }
    }
}
