package dev.ballast.http.internal;

import dev.ballast.alert.Alert;
import dev.ballast.event.BallastListener;
import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.event.PoolTuning;
import dev.ballast.resilience.CircuitState;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The dashboard's listener: counts events per second for the sampler to drain, records borrow waits in a
 * histogram, and writes significant events (breaker transitions, leaks, alerts) to the event log with wall-clock
 * times. The hot-path callbacks only bump a {@link LongAdder}. Thread-safe.
 */
public final class Recorder implements BallastListener {

    final LongAdder opened = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder evicted = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder retries = new LongAdder();
    final WaitHistogram waits = new WaitHistogram();
    private final EventLog events;
    private final Clock wall;
    /** The automatic sizing's latest decision, or {@code null} with tuning off. */
    private volatile PoolTuning tuning;

    /**
     * @param events where significant events go
     * @param wall the wall clock events are stamped with
     */
    public Recorder(EventLog events, Clock wall) {
        this.events = events;
        this.wall = wall;
    }

    /** @return the event log */
    public EventLog events() {
        return events;
    }

    /**
     * Adds an event stamped now.
     *
     * @param kind the event's kind
     * @param severity {@code info}, {@code warning} or {@code critical}
     * @param message for people
     */
    public void event(String kind, String severity, String message) {
        events.add(new DashboardEvent(wall.millis(), kind, severity, message));
    }

    @Override
    public void poolLimitTuned(PoolTuning decision) {
        PoolTuning before = tuning;
        tuning = decision;
        if (before == null || decision.limit() != before.limit()) {
            event("pool_limit", "info", "pool limit " + decision.previousLimit() + " -> " + decision.limit() + " ("
                    + decision.reason().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }

    /**
     * @param max MaxPoolSize
     * @return the automatic sizing's limit, or {@code max} with tuning off
     */
    int limit(int max) {
        PoolTuning t = tuning;
        return t == null ? max : t.limit();
    }

    /** @return the automatic sizing's latest reason in lower case, or {@code off} */
    String limitReason() {
        PoolTuning t = tuning;
        return t == null ? "off" : t.reason().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void connectionOpened(long openNanos) {
        opened.increment();
    }

    @Override
    public void connectionFailed(long elapsedNanos, SQLException cause) {
        failed.increment();
    }

    @Override
    public void connectionClosed(ConnectionCloseReason reason) {
        closed.increment();
        if (reason == ConnectionCloseReason.EVICTED || reason == ConnectionCloseReason.VALIDATION_FAILED) {
            evicted.increment();
        }
    }

    @Override
    public void connectionBorrowed(long waitNanos) {
        waits.record(waitNanos);
    }

    @Override
    public void borrowTimeout(long waitNanos) {
        timeouts.increment();
    }

    @Override
    public void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {
        retries.increment();
    }

    @Override
    public void connectionLeakSuspected(long heldNanos, Throwable borrowSite) {
        event("leak_suspected", "warning", "A connection has been held for " + Duration.ofNanos(heldNanos).toMillis()
                + " ms, past the leak detection threshold (the borrower's stack is in the log)");
    }

    @Override
    public void circuitStateChanged(CircuitState from, CircuitState to) {
        String kind;
        String severity;
        switch (to) {
            case OPEN:
                kind = "breaker_opened";
                severity = "critical";
                break;
            case HALF_OPEN:
                kind = "breaker_half_open";
                severity = "warning";
                break;
            case ISOLATED:
                kind = "breaker_isolated";
                severity = "critical";
                break;
            default:
                kind = "breaker_closed";
                severity = "info";
                break;
        }
        event(kind, severity, "Circuit breaker " + from.name().toLowerCase(Locale.ROOT) + " -> "
                + to.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void hostRoleChanged(String host, String fromRole, String toRole) {
        event("host_role_changed", "down".equals(toRole) ? "critical" : "info",
                "Host " + host + " " + fromRole + " -> " + toRole);
    }

    @Override
    public void primaryChanged(String from, String to) {
        String severity = to == null ? "critical" : from == null ? "info" : "warning";
        String message = to == null ? "No primary is known (was " + from + "): writes wait for one"
                : from == null ? "Primary found: " + to : "Primary changed " + from + " -> " + to;
        event("primary_changed", severity, message);
    }

    @Override
    public void alertFired(Alert alert) {
        event("alert_fired", "critical", alert.name() + ": " + alert.message());
    }

    @Override
    public void alertCleared(Alert alert) {
        event("alert_cleared", "info", alert.name() + " cleared");
    }
}
