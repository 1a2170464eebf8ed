package dev.ballast.internal.topology;

import dev.ballast.internal.pool.Pool;
import dev.ballast.pool.PoolStats;
import java.util.List;

/** The pool statistics of a cluster: every host's pool summed. Stateless. */
final class HostStatsSum {

    private HostStatsSum() {}

    /**
     * @param pools every host's pool
     * @return their statistics summed (the monitor's probe connections not included)
     */
    static PoolStats of(List<Pool> pools) {
        int total = 0, idle = 0, used = 0, pending = 0, max = 0, min = 0, opening = 0;
        long timeouts = 0, created = 0, closed = 0, failed = 0;
        for (Pool p : pools) {
            PoolStats s = p.stats();
            total += s.total();
            idle += s.idle();
            used += s.used();
            pending += s.pending();
            max += s.max();
            min += s.min();
            opening += s.opening();
            timeouts += s.timeouts();
            created += s.connectionsCreated();
            closed += s.connectionsClosed();
            failed += s.connectionsFailed();
        }
        return new PoolStats(total, idle, used, pending, max, min, timeouts, created, closed, failed, opening);
    }
}
