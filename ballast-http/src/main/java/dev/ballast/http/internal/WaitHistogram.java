package dev.ballast.http.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * A log-linear histogram of borrow waits (8 buckets per power of two, from 1 µs to about 18 minutes, so a reported
 * quantile is within about 6% of the true value), recorded from any thread without a lock and drained once a
 * second by the sampler. Thread-safe.
 */
public final class WaitHistogram {

    private static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MIN_EXP = 10; // 1024 ns: everything below is one bucket
    private static final int MAX_EXP = 40; // about 18 minutes: everything above lands in the last bucket
    static final int BUCKETS = (MAX_EXP - MIN_EXP + 1) * SUB + 1;

    private final LongAdder[] counts = new LongAdder[BUCKETS];

    /** An empty histogram. */
    public WaitHistogram() {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** @param nanos a wait, in nanoseconds */
    public void record(long nanos) {
        counts[index(nanos)].increment();
    }

    static int index(long nanos) {
        if (nanos < (1L << MIN_EXP)) {
            return 0;
        }
        int exp = 63 - Long.numberOfLeadingZeros(nanos);
        if (exp > MAX_EXP) {
            return BUCKETS - 1;
        }
        int sub = (int) (nanos >>> (exp - SUB_BITS)) & (SUB - 1);
        return (exp - MIN_EXP) * SUB + sub + 1;
    }

    /** @return the middle of the bucket's range, in nanoseconds */
    static double middle(int index) {
        if (index == 0) {
            return (1L << MIN_EXP) / 2.0;
        }
        int exp = (index - 1) / SUB + MIN_EXP;
        int sub = (index - 1) % SUB;
        double lower = (double) (SUB + sub) * (1L << (exp - SUB_BITS));
        double width = 1L << (exp - SUB_BITS);
        return lower + width / 2;
    }

    /**
     * Empties the histogram, returning what it held.
     *
     * @return the count and the p50 and p99 of the waits recorded since the last drain
     */
    public Quantiles drain() {
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts[i].sumThenReset();
            total += snapshot[i];
        }
        if (total == 0) {
            return Quantiles.EMPTY;
        }
        return new Quantiles(total, quantile(snapshot, total, 0.5), quantile(snapshot, total, 0.99));
    }

    private static double quantile(long[] snapshot, long total, double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return middle(i);
            }
        }
        return middle(snapshot.length - 1);
    }

    /**
     * What a drain found.
     *
     * @param count how many waits were recorded
     * @param p50Nanos the median wait, in nanoseconds (NaN if none)
     * @param p99Nanos the 99th percentile wait, in nanoseconds (NaN if none)
     */
    public record Quantiles(long count, double p50Nanos, double p99Nanos) {
        static final Quantiles EMPTY = new Quantiles(0, Double.NaN, Double.NaN);
    }
}
