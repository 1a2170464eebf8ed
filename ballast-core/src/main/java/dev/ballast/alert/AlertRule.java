package dev.ballast.alert;

import java.util.Locale;

/**
 * The built-in alert rules. Each is evaluated about once a second from the pool's statistics, the circuit
 * breaker's state and listener events; {@link AlertThresholds} holds their thresholds (defaults below).
 *
 * <p>A <em>sustained</em> rule fires once its condition has held at every evaluation for its duration and clears
 * at the first evaluation that finds it false. An <em>event</em> rule fires at the first evaluation after the event
 * and clears once no such event has happened for its quiet period. A <em>window</em> rule compares a recent window
 * of events with the window before it at every evaluation. The thresholds are {@code DatabaseOptions} keys
 * ({@code Alert…}, see {@code docs/configuration.md}).
 */
public enum AlertRule {

    /** Sustained: more than 80% of MaxPoolSize in use for 30 s. */
    POOL_UTILISATION("pool_utilisation_high"),
    /** Sustained: callers waiting for a connection for 30 s. */
    WAITERS_PRESENT("pool_waiters_present"),
    /** Event: a borrow gave up after ConnectionTimeout; clears after 60 s without another. */
    BORROW_TIMEOUT("borrow_timeout"),
    /** Sustained: the circuit breaker is not closed (open, half-open or isolated); fires at once by default. */
    CIRCUIT_OPEN("circuit_open"),
    /** Sustained: at least 5 failed attempts to open a connection within the last 60 s. */
    CONNECTION_FAILURES("connection_failures_high"),
    /** Event: a connection was held past the leak detection threshold; clears after 5 min without another. */
    CONNECTION_LEAK("connection_leak"),
    /**
     * Sustained, with several hosts: a standby is further behind the primary than MaxReplicaLagSeconds (measured
     * from WAL positions), so reads avoid it; fires at once.
     */
    REPLICA_LAG("replica_lag_high"),
    /** Event, with several hosts: the primary changed (a failover); clears after 5 min without another. */
    FAILOVER("failover"),
    /**
     * Window: opening a physical connection got slow against its own recent past (slow network, an overloaded
     * server or authentication) — the p99 open time of the last minute is above 3x the median of the fifteen
     * minutes before and above 100 ms (so 2 ms becoming 5 ms on loopback pages no one). Needs at least three opens in
     * the baseline; clears at the first evaluation where the last minute no longer says so, including a minute
     * without opens.
     */
    CONNECTION_OPEN_SLOW("connection_open_slow");

    private final String alertName;

    AlertRule(String alertName) {
        this.alertName = alertName;
    }

    /**
     * @return the alert's stable name: the value of the metric attribute {@code ballast.alert}, the entries of the
     *     health check's {@code active_alerts} and the dashboard's alert names (for example
     *     {@code pool_utilisation_high})
     */
    public String alertName() {
        return alertName;
    }

    /**
     * @param name an {@link #alertName()} or a constant's name, in any case
     * @return the rule
     * @throws IllegalArgumentException if no rule has that name
     */
    public static AlertRule fromName(String name) {
        for (AlertRule r : values()) {
            if (r.alertName.equalsIgnoreCase(name) || r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no alert rule named '" + name + "'; known: "
                + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
