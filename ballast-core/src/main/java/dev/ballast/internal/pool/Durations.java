package dev.ballast.internal.pool;

import java.time.Duration;

/** Duration helpers for the pool. */
final class Durations {

    private Durations() {}

    /**
     * @param d a duration
     * @return its length in nanoseconds, saturated at {@code Long.MAX_VALUE / 4} so that sums with clock readings
     *     cannot overflow
     */
    static long nanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** @return nanoseconds as whole milliseconds */
    static long millis(long nanos) {
        return nanos / 1_000_000L;
    }
}
