package dev.ballast.internal.pool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a pool's physical connections against its maximum: how many are <em>allocated</em> (open, or being opened)
 * and how many of those are still <em>opening</em>, packed in one atomic word so that both are read and changed
 * together. Allocated never exceeds the maximum. Not on the borrow path: it changes only when connections are
 * opened or destroyed. Thread-safe.
 */
final class Capacity {

    private final int max;
    private final AtomicLong word = new AtomicLong();
    /** The automatic sizing's limit (at most {@code max}); {@code max} with tuning off. */
    private volatile int limit;

    Capacity(int max) {
        this.max = max;
        this.limit = max;
    }

    /** @param limit the most connections to open from now on (EnablePoolAutoTuning), at most the maximum */
    void limit(int limit) {
        this.limit = Math.min(max, limit);
    }

    private static int allocated(long w) {
        return (int) (w >>> 32);
    }

    private static int opening(long w) {
        return (int) w;
    }

    /** @return open connections (allocated minus opening) */
    int open() {
        long w = word.get();
        return allocated(w) - opening(w);
    }

    /** @return connections being opened */
    int opening() {
        return opening(word.get());
    }

    /** @return connections open or being opened */
    int allocated() {
        return allocated(word.get());
    }

    /** @return whether fewer connections than the limit are allocated (a cheap check before counting waiters) */
    boolean hasRoom() {
        return allocated(word.get()) < limit;
    }

    /** @return whether every connection the pool may hold now (its maximum, or the automatic sizing's limit) is open */
    boolean full() {
        return open() >= limit;
    }

    /**
     * Reserves room for one more connection if the pool wants one.
     *
     * @param waiting how many borrowers wait
     * @param min the minimum pool size
     * @return whether a connection should now be opened (room was reserved)
     */
    boolean reserveIfWanted(int waiting, int min) {
        for (;;) {
            long w = word.get();
            int allocated = allocated(w);
            int opening = opening(w);
            int wanted = Math.max(waiting, min - (allocated - opening)) - opening;
            if (wanted <= 0 || allocated >= limit) {
                return false;
            }
            if (word.compareAndSet(w, w + (1L << 32) + 1)) {
                return true;
            }
        }
    }

    /**
     * @param waiting how many borrowers wait
     * @param min the minimum pool size
     * @return whether a reserved, not yet started opening is still wanted (it counts itself as opening)
     */
    boolean stillWanted(int waiting, int min) {
        long w = word.get();
        int opening = opening(w);
        int open = allocated(w) - opening;
        return Math.max(waiting, min - open) - (opening - 1) > 0;
    }

    /** A reserved connection opened. */
    void opened() {
        word.addAndGet(-1);
    }

    /** A reserved connection will not be opened. */
    void abandoned() {
        word.addAndGet(-(1L << 32) - 1);
    }

    /** An open connection was destroyed. */
    void destroyed() {
        word.addAndGet(-(1L << 32));
    }
}
