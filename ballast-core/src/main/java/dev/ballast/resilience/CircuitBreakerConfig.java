package dev.ballast.resilience;

import dev.ballast.internal.config.OptionKey;
import java.time.Duration;
import java.util.Objects;

/**
 * When the circuit breaker opens and for how long (Polly's advanced circuit breaker). It opens when, within the
 * last {@link #samplingDuration()}, at least {@link #minimumThroughput()} attempts were made and the share of them
 * that failed with a counted failure is at least {@link #failureRatio()}. It then rejects every call for
 * {@link #breakDuration()}, lets exactly one probe through, and closes if the probe succeeds or re-opens if it fails.
 * A probe that takes longer than a break duration is given up on and another probe is let through.
 *
 * <p>A disabled breaker never opens by itself but can still be isolated and closed by hand. Immutable and
 * thread-safe.
 */
public final class CircuitBreakerConfig {

    private static final Duration LONGEST = Duration.ofHours(24);
    private static final Duration SHORTEST = Duration.ofMillis(1);
    private static final CircuitBreakerConfig DEFAULTS = builder().build();
    private static final CircuitBreakerConfig DISABLED = builder().enabled(false).build();

    private final boolean enabled;
    private final double failureRatio;
    private final int minimumThroughput;
    private final Duration samplingDuration;
    private final Duration breakDuration;

    private CircuitBreakerConfig(Builder b) {
        this.enabled = b.enabled;
        this.failureRatio = b.failureRatio;
        this.minimumThroughput = b.minimumThroughput;
        this.samplingDuration = b.samplingDuration;
        this.breakDuration = b.breakDuration;
    }

    /** @return enabled, failure ratio 0.5, minimum throughput 5, sampling 30 s, break 60 s */
    public static CircuitBreakerConfig defaults() {
        return DEFAULTS;
    }

    /** @return a breaker that never opens by itself (the option {@code EnableCircuitBreaker=false}) */
    public static CircuitBreakerConfig disabled() {
        return DISABLED;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        return new Builder().enabled(enabled).failureRatio(failureRatio).minimumThroughput(minimumThroughput)
                .samplingDuration(samplingDuration).breakDuration(breakDuration);
    }

    /** @return whether the breaker opens by itself */
    public boolean enabled() {
        return enabled;
    }

    /** @return the share of counted failures, in (0, 1], at or above which the circuit opens */
    public double failureRatio() {
        return failureRatio;
    }

    /** @return the fewest attempts within the sampling window before the ratio is considered */
    public int minimumThroughput() {
        return minimumThroughput;
    }

    /** @return the sliding window over which outcomes are sampled (in ten buckets) */
    public Duration samplingDuration() {
        return samplingDuration;
    }

    /** @return how long the circuit stays open before one probe is let through */
    public Duration breakDuration() {
        return breakDuration;
    }

    @Override
    public String toString() {
        return "CircuitBreakerConfig{enabled=" + enabled + ", failureRatio=" + failureRatio + ", minimumThroughput="
                + minimumThroughput + ", samplingDuration=" + samplingDuration + ", breakDuration=" + breakDuration
                + '}';
    }

    /** Builds a {@link CircuitBreakerConfig}; every setter checks its argument at once. Not thread-safe. */
    public static final class Builder {

        private boolean enabled = OptionKey.ENABLE_CIRCUIT_BREAKER.defaultAs(Boolean.class);
        private double failureRatio = OptionKey.FAILURE_RATIO.defaultAs(Double.class);
        private int minimumThroughput = OptionKey.CIRCUIT_BREAKER_THRESHOLD.defaultAs(Integer.class);
        private Duration samplingDuration = OptionKey.SAMPLING_DURATION.defaultAs(Duration.class);
        private Duration breakDuration = OptionKey.CIRCUIT_BREAKER_DURATION.defaultAs(Duration.class);

        private Builder() {}

        /**
         * @param enabled whether the breaker opens by itself; default true
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * @param failureRatio the share of counted failures at which to open, greater than 0 and at most 1;
         *     default 0.5
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder failureRatio(double failureRatio) {
            if (!(failureRatio > 0.0 && failureRatio <= 1.0)) {
                throw new IllegalArgumentException(
                        "FailureRatio must be greater than 0 and at most 1, but was " + failureRatio);
            }
            this.failureRatio = failureRatio;
            return this;
        }

        /**
         * @param minimumThroughput the fewest attempts in the window before the breaker may open, at least 1
         *     (the option {@code CircuitBreakerThreshold}); default 5
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder minimumThroughput(int minimumThroughput) {
            if (minimumThroughput < 1) {
                throw new IllegalArgumentException(
                        "CircuitBreakerThreshold must be at least 1, but was " + minimumThroughput);
            }
            this.minimumThroughput = minimumThroughput;
            return this;
        }

        /**
         * @param samplingDuration the sliding window, 1 ms to 24 h; default 30 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws NullPointerException if null
         */
        public Builder samplingDuration(Duration samplingDuration) {
            this.samplingDuration = inRange("SamplingDuration", samplingDuration);
            return this;
        }

        /**
         * @param breakDuration how long to stay open, 1 ms to 24 h (the option
         *     {@code CircuitBreakerDurationSeconds}); default 60 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws NullPointerException if null
         */
        public Builder breakDuration(Duration breakDuration) {
            this.breakDuration = inRange("CircuitBreakerDuration", breakDuration);
            return this;
        }

        /** @return the configuration */
        public CircuitBreakerConfig build() {
            return new CircuitBreakerConfig(this);
        }

        private static Duration inRange(String key, Duration value) {
            Objects.requireNonNull(value, key + " must not be null");
            if (value.compareTo(SHORTEST) < 0 || value.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException(key + " must be between 1 ms and 24 h, but was " + value);
            }
            return value;
        }
    }
}
