package dev.ballast.internal.alert;

import dev.ballast.event.BallastListener;
import dev.ballast.internal.time.Clock;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The listener half of alerting: records when borrow timeouts, failed opens and leak reports happened, and how
 * long each connection took to open,, on the
 * engine's clock, for {@link AlertEngine} to evaluate. None of these events is on the borrow fast path. Thread-safe.
 */
public final class AlertInputs implements BallastListener {

    /** How long after a failover the {@code failover} alert clears. */
    static final java.time.Duration FAILOVER_QUIET = java.time.Duration.ofMinutes(5);
    /** Marks "never happened". */
    static final long NEVER = Long.MIN_VALUE;
    private static final int MAX_REMEMBERED_FAILURES = 10_000;
    private static final int MAX_REMEMBERED_OPENS = 4_096;

    private final Clock clock;
    private final AtomicLong lastTimeout = new AtomicLong(NEVER);
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong lastLeak = new AtomicLong(NEVER);
    private final AtomicLong lastLeakHeldNanos = new AtomicLong();
    private final EventTimes failures = new EventTimes(MAX_REMEMBERED_FAILURES);
    private final AtomicLong lastFailover = new AtomicLong(NEVER);
    private volatile String failover;
    private volatile String lastPrimary;
    private volatile java.util.function.Supplier<String> lagging = () -> null;
    private final OpenDurations opens = new OpenDurations(MAX_REMEMBERED_OPENS);

    /**
     * @param clock the engine's clock
     */
    public AlertInputs(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void borrowTimeout(long waitNanos) {
        timeouts.incrementAndGet();
        lastTimeout.set(clock.nanoTime());
    }

    @Override
    public void connectionOpened(long openNanos) {
        opens.add(clock.nanoTime(), openNanos);
    }

    @Override
    public void connectionFailed(long elapsedNanos, SQLException cause) {
        failures.add(clock.nanoTime());
    }

    @Override
    public void connectionLeakSuspected(long heldNanos, Throwable borrowSite) {
        lastLeakHeldNanos.set(heldNanos);
        lastLeak.set(clock.nanoTime());
    }

    @Override
    public void primaryChanged(String from, String to) {
        if (to == null) {
            return; // the old primary is gone; the failover is when another host takes over
        }
        String before = lastPrimary;
        lastPrimary = to;
        if (before != null && !before.equals(to)) {
            failover = to + " (was " + before + ")";
            lastFailover.set(clock.nanoTime());
        }
    }

    /**
     * With several hosts: where the {@code replica_lag_high} rule reads the standbys beyond the lag bound.
     *
     * @param standbys the lagging standbys for people, or null when none lags
     */
    public void laggingStandbys(java.util.function.Supplier<String> standbys) {
        this.lagging = Objects.requireNonNull(standbys, "standbys");
    }

    /** @return the standbys beyond the lag bound, or null */
    String laggingStandbys() {
        return lagging.get();
    }

    /** @return when the primary last changed from one host to another, or {@link #NEVER} */
    long lastFailover() {
        return lastFailover.get();
    }

    /** @return the last failover, {@code new (was old)} */
    String failoverDescription() {
        return failover;
    }

    /** @return when the last borrow timeout happened, or {@link #NEVER} */
    long lastTimeout() {
        return lastTimeout.get();
    }

    /** @return borrow timeouts so far */
    long timeouts() {
        return timeouts.get();
    }

    /** @return when the last leak was reported, or {@link #NEVER} */
    long lastLeak() {
        return lastLeak.get();
    }

    /** @return how long the last reported leaked connection had been held */
    long lastLeakHeldNanos() {
        return lastLeakHeldNanos.get();
    }

    /**
     * @param now the engine's clock
     * @param window the recent window, in nanoseconds
     * @param baseline the baseline before it, in nanoseconds
     * @return the recent p99 and baseline median of connection-open times
     */
    OpenDurations.Summary openDurations(long now, long window, long baseline) {
        return opens.summary(now, window, baseline);
    }

    /**
     * @param from the window's start, on the engine's clock
     * @return failed opens since then (forgetting older ones; call from the evaluator only)
     */
    int failuresSince(long from) {
        return failures.countSince(from);
    }
}
