package dev.ballast.internal.topology;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the standby for a read: among those within the lag bound (and past a required WAL position), the next in
 * turn when spreading, else the first in connection-string order. Thread-safe.
 */
final class ReadChoice {

    private final AtomicInteger turn = new AtomicInteger();
    private final long maxLagNanos;
    private final boolean spread;

    /**
     * @param maxLagNanos MaxReplicaLagSeconds in nanoseconds
     * @param spread LoadBalanceHosts
     */
    ReadChoice(long maxLagNanos, boolean spread) {
        this.maxLagNanos = maxLagNanos;
        this.spread = spread;
    }

    /**
     * @param topology the snapshot
     * @param minLsn the WAL position the standby must have replayed, or -1
     * @return the standby, or null if none qualifies (the read then goes to the primary)
     */
    HostView pick(Topology topology, long minLsn) {
        List<HostView> candidates = topology.readable(maxLagNanos, minLsn);
        if (candidates.isEmpty()) {
            return null;
        }
        if (!spread || candidates.size() == 1) {
            return candidates.get(0);
        }
        return candidates.get(Math.floorMod(turn.getAndIncrement(), candidates.size()));
    }

    /** @return the lag bound in nanoseconds */
    long maxLagNanos() {
        return maxLagNanos;
    }
}
