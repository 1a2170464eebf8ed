package dev.ballast.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * One firing of an {@link AlertRule}: which rule, on which pool, what was found and when it fired. Immutable.
 *
 * @param rule the rule that fired
 * @param pool the pool's name (option PoolName)
 * @param message what was found, for people (for example {@code 9 of 10 connections in use (90%) for 30 s});
 *     never a password
 * @param firedAt when the rule fired (wall-clock time, for display)
 */
public record Alert(AlertRule rule, String pool, String message, Instant firedAt) {

    /**
     * @throws NullPointerException if any component is null
     */
    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(firedAt, "firedAt");
    }

    /** @return the rule's stable name, e.g. {@code pool_waiters_present} */
    public String name() {
        return rule.alertName();
    }
}
