package dev.ballast.internal.topology;

import dev.ballast.internal.time.Clock;
import dev.ballast.resilience.CircuitOpenException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;

/**
 * What a write does when the snapshot names no primary that takes writes: fails at once with
 * {@link CircuitOpenException} when the primary's own breaker is open (and no failover signal is being checked), fails
 * at once listing every host when all are down, and otherwise waits (at most ConnectionTimeout) for the monitor to
 * publish a primary, as during a failover. Thread-safe.
 */
final class PrimaryWait {

    private final String name;
    private final TopologyState state;
    private final List<HostBreaker> breakers;
    private final long waitNanos;
    private final Duration breakDuration;
    private final Clock clock;

    PrimaryWait(String name, TopologyState state, List<HostBreaker> breakers, long waitNanos, Duration breakDuration,
            Clock clock) {
        this.name = name;
        this.state = state;
        this.breakers = breakers;
        this.waitNanos = waitNanos;
        this.breakDuration = breakDuration;
        this.clock = clock;
    }

    /**
     * @param t the snapshot that named no writable primary
     * @return the index of the primary once one is published
     * @throws java.sql.SQLException if none is within the wait, every host is down, the primary's breaker is open, or
     *     the thread is interrupted
     */
    int await(Topology t) throws SQLTransientConnectionException {
        long deadline = clock.nanoTime() + waitNanos;
        while (t.primaryHost() == null) {
            HostView chosen = t.primary() < 0 ? null : t.hosts().get(t.primary());
            if (chosen != null && chosen.broken() && !chosen.suspect() && chosen.role() == Role.PRIMARY) {
                throw new CircuitOpenException(breakers.get(t.primary()).state(), breakDuration);
            }
            long left = deadline - clock.nanoTime();
            if (left <= 0 || allDown(t)) {
                throw noPrimary(t);
            }
            try {
                t = state.awaitNewer(t.version(), left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLTransientConnectionException("interrupted while waiting for a primary", "08001", e);
            }
        }
        return t.primary();
    }

    private static boolean allDown(Topology t) {
        for (HostView h : t.hosts()) {
            if (h.role() != Role.DOWN) {
                return false;
            }
        }
        return true;
    }

    private SQLTransientConnectionException noPrimary(Topology t) {
        StringJoiner seen = new StringJoiner(", ");
        for (HostView h : t.hosts()) {
            String flags = (h.fenced() ? " fenced" : "") + (h.broken() ? " breaker open" : "");
            seen.add(h.host() + " " + h.role().label() + flags + (h.problem() == null ? "" : " (" + h.problem() + ")"));
        }
        return new SQLTransientConnectionException("Pool '" + name + "' has no primary to write to: " + seen, "08001");
    }
}
