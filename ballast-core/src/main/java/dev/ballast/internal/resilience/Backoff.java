package dev.ballast.internal.resilience;

import dev.ballast.resilience.BackoffType;
import dev.ballast.resilience.RetryConfig;

/**
 * Computes retry delays from a {@link RetryConfig}: a pure function of the retry number and a uniform random
 * number, so that tests need neither a clock nor a seeded generator. Immutable and thread-safe.
 */
final class Backoff {

    private final BackoffType type;
    private final long baseNanos;
    private final long maxNanos;
    private final boolean jitter;

    Backoff(RetryConfig config) {
        this.type = config.backoffType();
        this.baseNanos = config.retryDelay().toNanos();
        this.maxNanos = config.maxRetryDelay().toNanos();
        this.jitter = config.jitter();
    }

    /**
     * @param retry the retry number, 1-based (retry 1 follows attempt 1)
     * @param uniform a random number in [0, 1), used only with jitter
     * @return the delay before that retry, in nanoseconds, between 0 and the maximum delay
     */
    long delayNanos(int retry, double uniform) {
        long nominal = Math.min(nominal(retry), maxNanos);
        if (!jitter) {
            return nominal;
        }
        long jittered = (long) (nominal * (0.75 + 0.5 * uniform));
        return Math.max(0, Math.min(jittered, maxNanos));
    }

    private long nominal(int retry) {
        switch (type) {
            case CONSTANT:
                return baseNanos;
            case LINEAR:
                return saturatedMultiply(baseNanos, retry);
            default:
                return retry - 1 >= 62 ? Long.MAX_VALUE : saturatedMultiply(baseNanos, 1L << (retry - 1));
        }
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high == 0 && low >= 0 ? low : Long.MAX_VALUE;
    }
}
