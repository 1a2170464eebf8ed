package dev.ballast.internal.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The breaker's sliding window: outcomes counted in {@value #BUCKETS} time buckets, each a tenth of the sampling
 * duration wide, so that old outcomes expire a bucket at a time. The window is the current bucket plus the nine
 * before it, i.e. between 90 % and 100 % of the sampling duration.
 *
 * <p>Lock-free and allocation-free (after a {@link LongAdder}'s cells have grown under contention). A bucket is
 * recycled by the first thread that sees it is stale; counts added concurrently with that recycling, or with
 * {@link #reset()}, may be lost: the ratio is approximate by at most the calls in flight at a bucket boundary.
 * Time is passed in, never read here.
 */
final class FailureWindow {

    static final int BUCKETS = 10;
    private static final long EMPTY = Long.MIN_VALUE;

    private final long bucketNanos;
    private final AtomicLongArray epochs = new AtomicLongArray(BUCKETS);
    private final LongAdder[] calls = new LongAdder[BUCKETS];
    private final LongAdder[] failures = new LongAdder[BUCKETS];

    FailureWindow(Duration samplingDuration) {
        this.bucketNanos = Math.max(1, samplingDuration.toNanos() / BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            epochs.set(i, EMPTY);
            calls[i] = new LongAdder();
            failures[i] = new LongAdder();
        }
    }

    /**
     * @param nowNanos the clock's reading for this outcome
     * @param failure whether the outcome is a counted failure
     */
    void record(long nowNanos, boolean failure) {
        long epoch = Math.floorDiv(nowNanos, bucketNanos);
        int i = Math.floorMod(epoch, BUCKETS);
        long seen = epochs.get(i);
        if (seen < epoch && epochs.compareAndSet(i, seen, epoch)) {
            calls[i].reset();
            failures[i].reset();
        }
        calls[i].increment();
        if (failure) {
            failures[i].increment();
        }
    }

    /**
     * @param nowNanos the clock's reading
     * @return the calls recorded within the window ending now
     */
    long calls(long nowNanos) {
        return sum(calls, nowNanos);
    }

    /**
     * @param nowNanos the clock's reading
     * @return the counted failures recorded within the window ending now
     */
    long failures(long nowNanos) {
        return sum(failures, nowNanos);
    }

    /** Forgets every outcome. */
    void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            epochs.set(i, EMPTY);
            calls[i].reset();
            failures[i].reset();
        }
    }

    private long sum(LongAdder[] counters, long nowNanos) {
        long current = Math.floorDiv(nowNanos, bucketNanos);
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long epoch = epochs.get(i);
            if (epoch != EMPTY && epoch > current - BUCKETS && epoch <= current) {
                total += counters[i].sum();
            }
        }
        return total;
    }
}
