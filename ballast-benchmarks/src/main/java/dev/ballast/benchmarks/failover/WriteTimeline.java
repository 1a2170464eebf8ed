package dev.ballast.benchmarks.failover;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Acknowledged writes over time, in fixed buckets from a start instant, plus the first acknowledgement after a
 * chosen instant. Times are {@link System#nanoTime()} values passed in by the caller, so tests can feed made-up ones.
 *
 * <p><b>Thread-safety:</b> {@link #success} may be called by any number of client threads at once.
 */
final class WriteTimeline {

    private final long startNanos;
    private final long bucketNanos;
    private final AtomicLongArray buckets;
    private final AtomicLong firstAfterMark = new AtomicLong(Long.MAX_VALUE);
    private volatile long markNanos = Long.MAX_VALUE;

    /**
     * @param startNanos the instant bucket 0 starts at
     * @param bucketNanos the width of one bucket
     * @param bucketCount how many buckets; writes after the last one are not counted
     */
    WriteTimeline(long startNanos, long bucketNanos, int bucketCount) {
        this.startNanos = startNanos;
        this.bucketNanos = bucketNanos;
        this.buckets = new AtomicLongArray(bucketCount);
    }

    /** @param nanos the instant from which {@link #firstSuccessAfterMark()} looks for an acknowledged write */
    void mark(long nanos) {
        markNanos = nanos;
    }

    /** @param ackNanos when a write's commit was acknowledged */
    void success(long ackNanos) {
        long index = (ackNanos - startNanos) / bucketNanos;
        if (index >= 0 && index < buckets.length()) {
            buckets.incrementAndGet((int) index);
        }
        if (ackNanos >= markNanos) {
            firstAfterMark.accumulateAndGet(ackNanos, Math::min);
        }
    }

    /** @return when the first write after the mark was acknowledged, or {@link Long#MAX_VALUE} if none was */
    long firstSuccessAfterMark() {
        return firstAfterMark.get();
    }

    /**
     * @param fromNanos start of the interval
     * @param toNanos end of the interval
     * @return acknowledged writes per second over the whole buckets inside {@code [from, to)}
     */
    double rate(long fromNanos, long toNanos) {
        int from = bucketAtOrAfter(fromNanos);
        int to = (int) Math.min(buckets.length(), Math.max(0, (toNanos - startNanos) / bucketNanos));
        if (to <= from) {
            return 0;
        }
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += buckets.get(i);
        }
        return sum * 1e9 / ((double) (to - from) * bucketNanos);
    }

    /**
     * Finds the first window of {@code windowNanos} starting at or after {@code fromNanos} (sliding bucket by bucket)
     * whose rate reaches {@code targetRate}.
     *
     * @return the end of that window, or {@link Long#MAX_VALUE} if no window reaches it
     */
    long endOfFirstWindowReaching(long fromNanos, long windowNanos, double targetRate) {
        int width = (int) Math.max(1, windowNanos / bucketNanos);
        for (int first = bucketAtOrAfter(fromNanos); first + width <= buckets.length(); first++) {
            long windowStart = startNanos + first * bucketNanos;
            long windowEnd = windowStart + width * bucketNanos;
            if (rate(windowStart, windowEnd) >= targetRate) {
                return windowEnd;
            }
        }
        return Long.MAX_VALUE;
    }

    private int bucketAtOrAfter(long nanos) {
        long offset = nanos - startNanos;
        if (offset <= 0) {
            return 0;
        }
        return (int) Math.min(buckets.length(), (offset + bucketNanos - 1) / bucketNanos);
    }
}
