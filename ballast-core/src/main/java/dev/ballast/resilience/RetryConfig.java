package dev.ballast.resilience;

import dev.ballast.internal.config.OptionKey;
import java.time.Duration;
import java.util.Objects;

/**
 * How failed attempts are retried: up to {@link #retryCount()} retries after the first attempt, waiting a delay that
 * grows with {@link #backoffType()} from {@link #retryDelay()}, is optionally jittered, and is capped by
 * {@link #maxRetryDelay()}.
 *
 * <p><b>Delay of retry {@code n}</b> (1-based): nominal {@code d = base} (constant), {@code n × base} (linear) or
 * {@code base × 2^(n-1)} (exponential), capped at the maximum; with jitter, {@code d × (0.75 + 0.5 × u)} for a
 * uniform {@code u} in [0, 1), i.e. ±25 % around the nominal delay, capped at the maximum again. Only transient
 * failures are retried (see {@link dev.ballast.postgres.SqlStateClassifier}).
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryConfig {

    private static final RetryConfig DEFAULTS = builder().build();
    private static final RetryConfig DISABLED = builder().retryCount(0).build();

    private final int retryCount;
    private final Duration retryDelay;
    private final BackoffType backoffType;
    private final boolean jitter;
    private final Duration maxRetryDelay;

    private RetryConfig(Builder b) {
        this.retryCount = b.retryCount;
        this.retryDelay = b.retryDelay;
        this.backoffType = b.backoffType;
        this.jitter = b.jitter;
        this.maxRetryDelay = b.maxRetryDelay;
    }

    /** @return 3 retries, 2 s base delay, exponential backoff with jitter, capped at 30 s */
    public static RetryConfig defaults() {
        return DEFAULTS;
    }

    /** @return no retries: every call is attempted once (the option {@code EnableRetryPolicy=false}) */
    public static RetryConfig disabled() {
        return DISABLED;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        return new Builder().retryCount(retryCount).retryDelay(retryDelay).backoffType(backoffType).jitter(jitter)
                .maxRetryDelay(maxRetryDelay);
    }

    /** @return retries after the first attempt (3 ⇒ at most 4 attempts); 0 disables retrying */
    public int retryCount() {
        return retryCount;
    }

    /** @return the base delay */
    public Duration retryDelay() {
        return retryDelay;
    }

    /** @return how the delay grows with the retry number */
    public BackoffType backoffType() {
        return backoffType;
    }

    /** @return whether delays are randomised ±25 % */
    public boolean jitter() {
        return jitter;
    }

    /** @return the longest any single delay may be */
    public Duration maxRetryDelay() {
        return maxRetryDelay;
    }

    @Override
    public String toString() {
        return "RetryConfig{retryCount=" + retryCount + ", retryDelay=" + retryDelay + ", backoffType=" + backoffType
                + ", jitter=" + jitter + ", maxRetryDelay=" + maxRetryDelay + '}';
    }

    /** Builds a {@link RetryConfig}; every setter checks its argument at once. Not thread-safe. */
    public static final class Builder {

        private static final Duration LONGEST = Duration.ofHours(24);

        private int retryCount = OptionKey.RETRY_COUNT.defaultAs(Integer.class);
        private Duration retryDelay = OptionKey.RETRY_DELAY.defaultAs(Duration.class);
        private BackoffType backoffType = OptionKey.BACKOFF_TYPE.defaultAs(BackoffType.class);
        private boolean jitter = OptionKey.USE_JITTER.defaultAs(Boolean.class);
        private Duration maxRetryDelay = OptionKey.MAX_RETRY_DELAY.defaultAs(Duration.class);

        private Builder() {}

        /**
         * @param retryCount retries after the first attempt, 0 to 100; default 3
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder retryCount(int retryCount) {
            if (retryCount < 0 || retryCount > 100) {
                throw new IllegalArgumentException("RetryCount must be between 0 and 100, but was " + retryCount);
            }
            this.retryCount = retryCount;
            return this;
        }

        /**
         * @param retryDelay the base delay, 0 to 24 h; default 2 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws NullPointerException if null
         */
        public Builder retryDelay(Duration retryDelay) {
            this.retryDelay = nonNegative("RetryDelay", retryDelay);
            return this;
        }

        /**
         * @param backoffType how delays grow; default {@link BackoffType#EXPONENTIAL}
         * @return this builder
         * @throws NullPointerException if null
         */
        public Builder backoffType(BackoffType backoffType) {
            this.backoffType = Objects.requireNonNull(backoffType, "BackoffType must not be null");
            return this;
        }

        /**
         * @param jitter whether to randomise each delay ±25 %; default true
         * @return this builder
         */
        public Builder jitter(boolean jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * @param maxRetryDelay the cap on any single delay, 0 to 24 h and at least the base delay; default 30 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws NullPointerException if null
         */
        public Builder maxRetryDelay(Duration maxRetryDelay) {
            this.maxRetryDelay = nonNegative("MaxRetryDelay", maxRetryDelay);
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException if the maximum delay is below the base delay
         */
        public RetryConfig build() {
            if (maxRetryDelay.compareTo(retryDelay) < 0) {
                throw new IllegalArgumentException("MaxRetryDelay must be at least RetryDelay (" + retryDelay
                        + "), but was " + maxRetryDelay);
            }
            return new RetryConfig(this);
        }

        private static Duration nonNegative(String key, Duration value) {
            Objects.requireNonNull(value, key + " must not be null");
            if (value.isNegative() || value.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException(key + " must be between 0 and 24 h, but was " + value);
            }
            return value;
        }
    }
}
