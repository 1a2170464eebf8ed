package dev.ballast.internal.alert;

import dev.ballast.alert.Alert;
import dev.ballast.alert.AlertRule;
import dev.ballast.alert.AlertThresholds;
import dev.ballast.event.BallastListener;
import dev.ballast.internal.time.Clock;
import dev.ballast.pool.PoolStats;
import dev.ballast.resilience.CircuitState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the alert rules: on its own daemon thread every {@link AlertThresholds#evaluationInterval()} once
 * {@link #start()}ed, or when a test calls {@link #evaluate()}. Rule time comes only from the injected
 * {@link Clock}; the wall clock only stamps {@link Alert#firedAt()}. A firing raises
 * {@link BallastListener#alertFired} and one WARN; a clearing raises {@link BallastListener#alertCleared} and one
 * INFO. {@link #active()} may be read from any thread.
 */
public final class AlertEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

    private final AlertThresholds thresholds;
    private final String pool;
    private final AlertInputs inputs;
    private final Supplier<PoolStats> stats;
    private final Supplier<CircuitState> breaker;
    private final BallastListener sink;
    private final Clock clock;
    private final java.time.Clock wall;
    private final Map<AlertRule, RuleTracker> trackers = new EnumMap<>(AlertRule.class);
    private volatile List<Alert> active = List.of();
    private volatile ScheduledThreadPoolExecutor scheduler;

    /**
     * @param thresholds the rules' thresholds
     * @param pool the pool's name
     * @param inputs the listener that records timeouts, failures and leaks (register it with the pool)
     * @param stats the pool's live statistics
     * @param breaker the circuit breaker's state
     * @param sink where {@code alertFired} / {@code alertCleared} go (every listener)
     * @param clock the monotonic clock the rules are timed with
     * @param wall the wall clock, for {@link Alert#firedAt()}
     */
    public AlertEngine(AlertThresholds thresholds, String pool, AlertInputs inputs, Supplier<PoolStats> stats,
            Supplier<CircuitState> breaker, BallastListener sink, Clock clock, java.time.Clock wall) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.wall = Objects.requireNonNull(wall, "wall");
        trackers.put(AlertRule.POOL_UTILISATION, new RuleTracker(AlertRule.POOL_UTILISATION,
                thresholds.utilisationFor().toNanos()));
        trackers.put(AlertRule.WAITERS_PRESENT, new RuleTracker(AlertRule.WAITERS_PRESENT,
                thresholds.waitersFor().toNanos()));
        trackers.put(AlertRule.BORROW_TIMEOUT, new RuleTracker(AlertRule.BORROW_TIMEOUT, 0));
        trackers.put(AlertRule.CIRCUIT_OPEN, new RuleTracker(AlertRule.CIRCUIT_OPEN,
                thresholds.circuitOpenFor().toNanos()));
        trackers.put(AlertRule.CONNECTION_FAILURES, new RuleTracker(AlertRule.CONNECTION_FAILURES, 0));
        trackers.put(AlertRule.CONNECTION_LEAK, new RuleTracker(AlertRule.CONNECTION_LEAK, 0));
        trackers.keySet().removeIf(rule -> !thresholds.enabled(rule));
    }

    /**
     * Evaluates every rule once, now. Call from one thread at a time (the engine's own, once started).
     */
    public void evaluate() {
        long now = clock.nanoTime();
        PoolStats s = stats.get();
        List<Alert> fired = new ArrayList<>();
        List<Alert> cleared = new ArrayList<>();
        for (RuleTracker t : trackers.values()) {
            Alert before = t.firing();
            RuleTracker.Change change = t.update(now, condition(t.rule(), now, s), pool, Instant.now(wall));
            if (change == RuleTracker.Change.FIRED) {
                fired.add(t.firing());
            } else if (change == RuleTracker.Change.CLEARED) {
                cleared.add(before);
            }
        }
        if (fired.isEmpty() && cleared.isEmpty()) {
            return;
        }
        List<Alert> firing = new ArrayList<>();
        for (RuleTracker t : trackers.values()) {
            if (t.firing() != null) {
                firing.add(t.firing());
            }
        }
        active = List.copyOf(firing); // before the events, so that a listener asking active() sees them
        for (Alert a : cleared) {
            LOG.info("Ballast pool '{}': alert {} cleared (it fired at {}: {})", pool, a.name(), a.firedAt(),
                    a.message());
            sink.alertCleared(a);
        }
        for (Alert a : fired) {
            LOG.warn("Ballast pool '{}': alert {} fired: {}", pool, a.name(), a.message());
            sink.alertFired(a);
        }
    }

    private String condition(AlertRule rule, long now, PoolStats s) {
        switch (rule) {
            case POOL_UTILISATION:
                return Conditions.utilisation(s, thresholds.utilisationRatio(), thresholds.utilisationFor());
            case WAITERS_PRESENT:
                return Conditions.waiters(s, thresholds.waitersFor());
            case BORROW_TIMEOUT:
                return Conditions.borrowTimeout(now, inputs.lastTimeout(), inputs.timeouts(),
                        thresholds.borrowTimeoutQuietPeriod());
            case CIRCUIT_OPEN:
                return Conditions.circuit(breaker.get());
            case CONNECTION_FAILURES:
                Duration window = thresholds.connectionFailureWindow();
                return Conditions.failures(inputs.failuresSince(now - window.toNanos()),
                        thresholds.connectionFailures(), window);
            case CONNECTION_LEAK:
                return Conditions.leak(now, inputs.lastLeak(), inputs.lastLeakHeldNanos(),
                        thresholds.leakQuietPeriod());
            default:
                throw new IllegalStateException("unknown rule " + rule);
        }
    }

    /** @return the alerts firing now, in rule order (an immutable snapshot) */
    public List<Alert> active() {
        return active;
    }

    /** @return the names of the alerts firing now (for the health check) */
    public List<String> activeNames() {
        List<Alert> a = active;
        if (a.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(a.size());
        a.forEach(alert -> names.add(alert.name()));
        return names;
    }

    /**
     * @param rule a rule
     * @return whether it is firing now
     */
    public boolean isActive(AlertRule rule) {
        for (Alert a : active) {
            if (a.rule() == rule) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts evaluating every {@link AlertThresholds#evaluationInterval()} on a daemon thread.
     *
     * @param threadName the thread's name
     */
    public void start(String threadName) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long every = thresholds.evaluationInterval().toNanos();
        s.scheduleWithFixedDelay(this::evaluateSafely, every, every, TimeUnit.NANOSECONDS);
        scheduler = s;
    }

    private void evaluateSafely() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.warn("Ballast pool '{}': evaluating alert rules failed; will try again", pool, e);
        }
    }

    /** Stops the evaluator thread (waiting for a running evaluation). Idempotent. */
    @Override
    public void close() {
        ScheduledThreadPoolExecutor s = scheduler;
        if (s == null) {
            return;
        }
        s.shutdownNow();
        try {
            s.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
