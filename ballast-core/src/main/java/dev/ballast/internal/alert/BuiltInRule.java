package dev.ballast.internal.alert;

import dev.ballast.alert.AlertRule;
import dev.ballast.alert.AlertThresholds;
import dev.ballast.pool.PoolStats;
import dev.ballast.resilience.CircuitState;
import java.time.Duration;
import java.util.Locale;

/**
 * Each built-in {@link AlertRule}'s condition, in one place: what it looks at, when it holds, and how long it must
 * hold before the alert fires. The {@link AlertEngine} evaluates these about once a second; the health check asks
 * the same rules for their condition <em>now</em> (see {@link AlertEngine#conditionNow}) instead of deriving
 * saturation or the breaker's state itself. Each condition returns what it found, for people, or {@code null} when
 * it does not hold. Stateless.
 */
enum BuiltInRule {

    /** More than the utilisation ratio of MaxPoolSize in use. */
    POOL_UTILISATION(AlertRule.POOL_UTILISATION) {
        @Override
        long sustainNanos(AlertThresholds t) {
            return t.utilisationFor().toNanos();
        }

        @Override
        String condition(Observation o, AlertThresholds t) {
            PoolStats s = o.stats();
            double ratio = t.utilisationRatio();
            if (s.max() <= 0 || (double) s.used() / s.max() <= ratio) {
                return null;
            }
            return String.format(Locale.ROOT, "%d of %d connections in use (%.0f%%, above %.0f%%)", s.used(),
                    s.max(), 100.0 * s.used() / s.max(), 100 * ratio);
        }
    },

    /** Callers waiting for a connection. */
    WAITERS_PRESENT(AlertRule.WAITERS_PRESENT) {
        @Override
        long sustainNanos(AlertThresholds t) {
            return t.waitersFor().toNanos();
        }

        @Override
        String condition(Observation o, AlertThresholds t) {
            PoolStats s = o.stats();
            if (s.pending() <= 0) {
                return null;
            }
            return s.pending() + (s.pending() == 1 ? " caller" : " callers") + " waiting for a connection ("
                    + s.used() + " of " + s.max() + " in use)";
        }
    },

    /** A borrow timed out within the quiet period. */
    BORROW_TIMEOUT(AlertRule.BORROW_TIMEOUT) {
        @Override
        String condition(Observation o, AlertThresholds t) {
            Duration quiet = t.borrowTimeoutQuietPeriod();
            long last = o.inputs().lastTimeout();
            if (last == AlertInputs.NEVER || o.now() - last >= quiet.toNanos()) {
                return null;
            }
            return "a borrow timed out waiting for a connection (" + o.inputs().timeouts()
                    + " since start); clears after " + seconds(quiet) + " without another";
        }
    },

    /** The circuit breaker is not closed. */
    CIRCUIT_OPEN(AlertRule.CIRCUIT_OPEN) {
        @Override
        long sustainNanos(AlertThresholds t) {
            return t.circuitOpenFor().toNanos();
        }

        @Override
        String condition(Observation o, AlertThresholds t) {
            return o.breaker() == CircuitState.CLOSED ? null : "the circuit breaker is " + o.breaker().name();
        }
    },

    /** Enough failed connection opens within the window. */
    CONNECTION_FAILURES(AlertRule.CONNECTION_FAILURES) {
        @Override
        String condition(Observation o, AlertThresholds t) {
            Duration window = t.connectionFailureWindow();
            int failures = o.inputs().failuresSince(o.now() - window.toNanos());
            if (failures < t.connectionFailures()) {
                return null;
            }
            return failures + " attempts to open a connection failed in the last " + seconds(window);
        }
    },

    /** The time to open a connection spiked against its own recent baseline. */
    CONNECTION_OPEN_SLOW(AlertRule.CONNECTION_OPEN_SLOW) {
        @Override
        String condition(Observation o, AlertThresholds t) {
            OpenDurations.Summary s = o.inputs().openDurations(o.now(), t.openDurationWindow().toNanos(),
                    t.openDurationBaseline().toNanos());
            if (s.recent() == 0 || s.baseline() < MIN_BASELINE_OPENS) {
                return null; // nothing to judge, or no baseline to judge it against
            }
            long p99 = s.recentP99();
            if (p99 <= t.openDurationFloor().toNanos() || p99 <= t.openDurationFactor() * s.baselineMedian()) {
                return null;
            }
            return String.format(Locale.ROOT, "opening a connection took %d ms (p99 of %d in the last %s), %.1fx "
                    + "the median of %d ms over the %s before", p99 / 1_000_000, s.recent(),
                    seconds(t.openDurationWindow()), (double) p99 / Math.max(1, s.baselineMedian()),
                    s.baselineMedian() / 1_000_000, seconds(t.openDurationBaseline()));
        }
    },

    /** A leak was reported within the quiet period. */
    CONNECTION_LEAK(AlertRule.CONNECTION_LEAK) {
        @Override
        String condition(Observation o, AlertThresholds t) {
            Duration quiet = t.leakQuietPeriod();
            long last = o.inputs().lastLeak();
            if (last == AlertInputs.NEVER || o.now() - last >= quiet.toNanos()) {
                return null;
            }
            return "a connection was held for " + Duration.ofNanos(o.inputs().lastLeakHeldNanos()).toMillis()
                    + " ms, past the leak detection threshold; clears after " + seconds(quiet)
                    + " without another";
        }
    },

    /** A standby beyond MaxReplicaLagSeconds (several hosts only). */
    REPLICA_LAG(AlertRule.REPLICA_LAG) {
        @Override
        String condition(Observation o, AlertThresholds t) {
            return o.inputs().laggingStandbys();
        }
    },

    /** The primary changed within the last five minutes (several hosts only). */
    FAILOVER(AlertRule.FAILOVER) {
        @Override
        String condition(Observation o, AlertThresholds t) {
            long last = o.inputs().lastFailover();
            if (last == AlertInputs.NEVER || o.now() - last >= AlertInputs.FAILOVER_QUIET.toNanos()) {
                return null;
            }
            return "failover: the primary is now " + o.inputs().failoverDescription() + "; clears after "
                    + seconds(AlertInputs.FAILOVER_QUIET) + " without another";
        }
    };

    /** Fewer baseline opens than this are no baseline: {@code connection_open_slow} stays quiet. */
    static final int MIN_BASELINE_OPENS = 3;

    private final AlertRule rule;

    BuiltInRule(AlertRule rule) {
        this.rule = rule;
    }

    /** @return the public rule this is the condition of */
    AlertRule rule() {
        return rule;
    }

    /**
     * @param t the thresholds
     * @return how long the condition must hold before the alert fires; 0 for event rules (at once)
     */
    long sustainNanos(AlertThresholds t) {
        return 0;
    }

    /**
     * @param o what the evaluator sees now
     * @param t the thresholds
     * @return what the condition found, or {@code null} when it does not hold
     */
    abstract String condition(Observation o, AlertThresholds t);

    /**
     * @param rule a public rule
     * @return its condition
     */
    static BuiltInRule of(AlertRule rule) {
        for (BuiltInRule r : values()) {
            if (r.rule == rule) {
                return r;
            }
        }
        throw new IllegalStateException("no condition for " + rule);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
