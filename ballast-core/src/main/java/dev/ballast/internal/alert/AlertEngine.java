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
        for (BuiltInRule r : BuiltInRule.values()) {
            trackers.put(r.rule(), new RuleTracker(r.rule(), r.sustainNanos(thresholds)));
        }
        trackers.keySet().removeIf(rule -> !thresholds.enabled(rule));
    }

    /**
     * Evaluates every rule once, now. Call from one thread at a time (the engine's own, once started).
     */
    public void evaluate() {
        Observation now = observe();
        List<Alert> fired = new ArrayList<>();
        List<Alert> cleared = new ArrayList<>();
        for (RuleTracker t : trackers.values()) {
            Alert before = t.firing();
            RuleTracker.Change change = t.update(now.now(), message(t.rule(), now), pool, Instant.now(wall));
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

    private Observation observe() {
        return new Observation(clock.nanoTime(), stats.get(), breaker.get(), inputs);
    }

    /** The rule's condition, with how long it must have held when that is part of the rule. */
    private String message(AlertRule rule, Observation now) {
        BuiltInRule r = BuiltInRule.of(rule);
        String found = r.condition(now, thresholds);
        long sustain = r.sustainNanos(thresholds);
        return found == null || sustain == 0 ? found : found + " for " + BuiltInRule.seconds(Duration.ofNanos(sustain));
    }

    /**
     * Asks one rule whether its condition holds at this moment, ignoring how long it must hold before the alert
     * fires: what the health check uses for the rules that degrade health at once (the breaker, waiting callers).
     * Pure: changes no alert state. Any thread.
     *
     * @param rule a rule that reads the pool or breaker state ({@code POOL_UTILISATION}, {@code WAITERS_PRESENT},
     *     {@code CIRCUIT_OPEN}); evaluated even if disabled for alerting
     * @return what the rule found, or {@code null} if its condition does not hold now
     */
    public String conditionNow(AlertRule rule) {
        return BuiltInRule.of(rule).condition(observe(), thresholds);
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
