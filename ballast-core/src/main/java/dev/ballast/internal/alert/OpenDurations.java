package dev.ballast.internal.alert;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The most recent times to open a physical connection, each with when it finished, for the
 * {@code connection_open_slow} rule. Holds at most {@code capacity} opens (the oldest are forgotten first). Opens are
 * rare (never on the borrow path), so a lock that guards only array writes and copies is cheap; nothing blocking
 * runs under it. Thread-safe.
 */
final class OpenDurations {

    /**
     * What the rule compares.
     *
     * @param recent opens that finished within the recent window
     * @param recentP99 the 99th percentile of their durations, in nanoseconds (0 if none)
     * @param baseline opens that finished within the baseline before the recent window
     * @param baselineMedian the median of their durations, in nanoseconds (0 if none)
     */
    record Summary(int recent, long recentP99, int baseline, long baselineMedian) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final long[] at;
    private final long[] nanos;
    private int next;
    private int size;

    OpenDurations(int capacity) {
        at = new long[capacity];
        nanos = new long[capacity];
    }

    /**
     * @param now when the open finished, on the engine's clock
     * @param openNanos how long it took
     */
    void add(long now, long openNanos) {
        lock.lock();
        try {
            at[next] = now;
            nanos[next] = openNanos;
            next = (next + 1) % at.length;
            size = Math.min(size + 1, at.length);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param now the engine's clock
     * @param window the recent window, in nanoseconds
     * @param baseline the baseline before it, in nanoseconds
     * @return the recent p99 and the baseline median
     */
    Summary summary(long now, long window, long baseline) {
        long[] recent;
        long[] before;
        int r = 0;
        int b = 0;
        lock.lock();
        try {
            recent = new long[size];
            before = new long[size];
            for (int i = 0; i < size; i++) {
                long age = now - at[i];
                if (age < 0) {
                    continue;
                }
                if (age < window) {
                    recent[r++] = nanos[i];
                } else if (age < window + baseline) {
                    before[b++] = nanos[i];
                }
            }
        } finally {
            lock.unlock();
        }
        return new Summary(r, percentile(recent, r, 0.99), b, percentile(before, b, 0.5));
    }

    /** Nearest-rank percentile of the first {@code n} values. */
    static long percentile(long[] values, int n, double p) {
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * n);
        return sorted[Math.max(0, rank - 1)];
    }
}
