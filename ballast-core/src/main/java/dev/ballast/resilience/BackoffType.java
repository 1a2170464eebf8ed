package dev.ballast.resilience;

/**
 * How the delay between retries grows with the attempt number. The base delay is {@code RetryDelaySeconds};
 * every delay is capped by the maximum retry delay and, when jitter is on, randomised around its nominal value.
 */
public enum BackoffType {
    /** Every retry waits the base delay. */
    CONSTANT,
    /** Retry {@code n} (1-based) waits {@code n × base}. */
    LINEAR,
    /** Retry {@code n} (1-based) waits {@code base × 2^(n-1)}. */
    EXPONENTIAL
}
