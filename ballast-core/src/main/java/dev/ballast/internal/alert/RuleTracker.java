package dev.ballast.internal.alert;

import dev.ballast.alert.Alert;
import dev.ballast.alert.AlertRule;
import java.time.Instant;

/**
 * One rule's state between evaluations: since when its condition has held, and the alert if it is firing. The
 * condition must hold at every evaluation for {@code forNanos} before the alert fires; it clears at the first
 * evaluation that finds the condition false. Confined to the evaluator's thread.
 */
final class RuleTracker {

    /** What an evaluation changed. */
    enum Change { NONE, FIRED, CLEARED }

    private final AlertRule rule;
    private final long forNanos;
    private long holdsSince = AlertInputs.NEVER;
    private Alert firing;

    RuleTracker(AlertRule rule, long forNanos) {
        this.rule = rule;
        this.forNanos = forNanos;
    }

    /**
     * @param now the engine's clock
     * @param message what the condition found, or {@code null} if it does not hold
     * @param pool the pool's name
     * @param wallNow the wall-clock time, stamped on a new alert
     * @return what changed
     */
    Change update(long now, String message, String pool, Instant wallNow) {
        if (message == null) {
            holdsSince = AlertInputs.NEVER;
            if (firing != null) {
                firing = null;
                return Change.CLEARED;
            }
            return Change.NONE;
        }
        if (holdsSince == AlertInputs.NEVER) {
            holdsSince = now;
        }
        if (firing == null && now - holdsSince >= forNanos) {
            firing = new Alert(rule, pool, message, wallNow);
            return Change.FIRED;
        }
        return Change.NONE;
    }

    /** @return the firing alert, or null */
    Alert firing() {
        return firing;
    }

    AlertRule rule() {
        return rule;
    }
}
