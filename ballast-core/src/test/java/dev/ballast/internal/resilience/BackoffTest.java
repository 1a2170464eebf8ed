package dev.ballast.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.resilience.BackoffType;
import dev.ballast.resilience.RetryConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final long SECOND = 1_000_000_000L;

    private static Backoff backoff(BackoffType type, boolean jitter, Duration max) {
        return new Backoff(RetryConfig.builder().backoffType(type).retryDelay(Duration.ofSeconds(2)).jitter(jitter)
                .maxRetryDelay(max).build());
    }

    @Test
    void constantWaitsTheBaseDelayEveryTime() {
        Backoff b = backoff(BackoffType.CONSTANT, false, Duration.ofSeconds(30));
        assertThat(new long[] {b.delayNanos(1, 0.3), b.delayNanos(2, 0.3), b.delayNanos(3, 0.3)})
                .containsExactly(2 * SECOND, 2 * SECOND, 2 * SECOND);
    }

    @Test
    void linearGrowsByTheBaseDelay() {
        Backoff b = backoff(BackoffType.LINEAR, false, Duration.ofSeconds(30));
        assertThat(new long[] {b.delayNanos(1, 0), b.delayNanos(2, 0), b.delayNanos(3, 0)})
                .containsExactly(2 * SECOND, 4 * SECOND, 6 * SECOND);
    }

    @Test
    void exponentialDoubles() {
        Backoff b = backoff(BackoffType.EXPONENTIAL, false, Duration.ofSeconds(30));
        assertThat(new long[] {b.delayNanos(1, 0), b.delayNanos(2, 0), b.delayNanos(3, 0), b.delayNanos(4, 0)})
                .containsExactly(2 * SECOND, 4 * SECOND, 8 * SECOND, 16 * SECOND);
    }

    @Test
    void theMaximumCapsEveryType() {
        for (BackoffType type : BackoffType.values()) {
            Backoff b = backoff(type, false, Duration.ofSeconds(3));
            assertThat(b.delayNanos(5, 0)).as(type.name()).isLessThanOrEqualTo(3 * SECOND);
        }
        assertThat(backoff(BackoffType.EXPONENTIAL, false, Duration.ofSeconds(5)).delayNanos(3, 0))
                .isEqualTo(5 * SECOND);
    }

    @Test
    void hugeRetryNumbersSaturateInsteadOfOverflowing() {
        Backoff exponential = backoff(BackoffType.EXPONENTIAL, false, Duration.ofHours(24));
        assertThat(exponential.delayNanos(63, 0)).isEqualTo(Duration.ofHours(24).toNanos());
        assertThat(exponential.delayNanos(100, 0)).isEqualTo(Duration.ofHours(24).toNanos());
        assertThat(exponential.delayNanos(40, 0)).isEqualTo(Duration.ofHours(24).toNanos());
        assertThat(backoff(BackoffType.LINEAR, false, Duration.ofHours(24)).delayNanos(Integer.MAX_VALUE, 0))
                .isEqualTo(Duration.ofHours(24).toNanos());
    }

    @Test
    void jitterStaysWithinPlusMinus25Percent() {
        Backoff b = backoff(BackoffType.EXPONENTIAL, true, Duration.ofSeconds(30));
        assertThat(b.delayNanos(2, 0.0)).isEqualTo(3 * SECOND); // 4 s × 0.75
        assertThat(b.delayNanos(2, 0.5)).isEqualTo(4 * SECOND);
        assertThat(b.delayNanos(2, 0.999_999)).isBetween(4 * SECOND, 5 * SECOND); // just under 4 s × 1.25
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 10_000; i++) {
            assertThat(b.delayNanos(1, random.nextDouble())).isBetween(1_500_000_000L, 2_500_000_000L);
        }
    }

    @Test
    void jitterNeverExceedsTheCap() {
        Backoff b = backoff(BackoffType.EXPONENTIAL, true, Duration.ofSeconds(10));
        assertThat(b.delayNanos(4, 0.99)).isEqualTo(10 * SECOND); // 16 s capped to 10, × 1.245, capped again
        assertThat(b.delayNanos(4, 0.0)).isEqualTo(7_500_000_000L);
    }

    @Test
    void zeroDelayStaysZero() {
        Backoff b = new Backoff(RetryConfig.builder().retryDelay(Duration.ZERO).build());
        assertThat(b.delayNanos(3, 0.7)).isZero();
    }
}
