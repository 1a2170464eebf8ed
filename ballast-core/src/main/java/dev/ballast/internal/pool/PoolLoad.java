package dev.ballast.internal.pool;

import dev.ballast.pool.PoolStats;

/**
 * What a pool's stats say about one more borrow, for the pool's own helpers (the activity sampler, the readiness
 * probe) that should not queue behind the application's borrowers. A connection parked above the automatic sizing's
 * limit (EnablePoolAutoTuning) counts as idle in {@link PoolStats} but serves no one, so "idle" alone does not mean a
 * borrow would be served at once: callers already waiting say it would not.
 */
public final class PoolLoad {

    private PoolLoad() {}

    /**
     * @param s a snapshot
     * @return whether a borrow now would wait: nothing is idle, or callers already queue
     */
    public static boolean noneToSpare(PoolStats s) {
        return s.idle() == 0 || s.pending() > 0;
    }

    /**
     * @param s a snapshot
     * @return whether the pool is busy rather than failing: connections are in use and none is to spare (every
     *     connection it may hold is in use, or callers queue for one)
     */
    public static boolean saturated(PoolStats s) {
        return s.used() > 0 && (s.pending() > 0 || (s.idle() == 0 && s.total() >= s.max()));
    }
}
