package dev.ballast.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.DatabaseOptions;
import dev.ballast.postgres.FailureClass;
import dev.ballast.resilience.BackoffType;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.RetryConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResilienceOptionsTest {

    private static DatabaseOptions.Builder options() {
        return DatabaseOptions.builder().url("jdbc:postgresql://localhost/app");
    }

    @Test
    void theSeedsDefaultsMapOntoTheEngineDefaults() {
        DatabaseOptions defaults = options().build();
        assertThat(ResilienceOptions.retry(defaults).toString()).isEqualTo(RetryConfig.defaults().toString());
        assertThat(ResilienceOptions.circuitBreaker(defaults).toString())
                .isEqualTo(CircuitBreakerConfig.defaults().toString());
    }

    @Test
    void everyResilienceKeyIsMapped() {
        DatabaseOptions o = options().retryCount(5).retryDelay(Duration.ofMillis(300))
                .backoffType(BackoffType.LINEAR).retryJitter(false).maxRetryDelay(Duration.ofSeconds(4))
                .circuitBreakerThreshold(9).failureRatio(0.25).samplingDuration(Duration.ofSeconds(10))
                .circuitBreakerDuration(Duration.ofSeconds(20)).additionalTransientSqlStates(List.of("57014"))
                .build();
        RetryConfig retry = ResilienceOptions.retry(o);
        assertThat(retry.retryCount()).isEqualTo(5);
        assertThat(retry.retryDelay()).isEqualTo(Duration.ofMillis(300));
        assertThat(retry.backoffType()).isEqualTo(BackoffType.LINEAR);
        assertThat(retry.jitter()).isFalse();
        assertThat(retry.maxRetryDelay()).isEqualTo(Duration.ofSeconds(4));
        CircuitBreakerConfig breaker = ResilienceOptions.circuitBreaker(o);
        assertThat(breaker.minimumThroughput()).isEqualTo(9);
        assertThat(breaker.failureRatio()).isEqualTo(0.25);
        assertThat(breaker.samplingDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(breaker.breakDuration()).isEqualTo(Duration.ofSeconds(20));
        ResilienceSettings settings = ResilienceOptions.settings(o, new FakeJdbc().dataSource());
        assertThat(settings.classifier().classify("57014")).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void disabledPoliciesMapToNoRetriesAndABreakerThatNeverOpensByItself() {
        DatabaseOptions o = options().enableRetryPolicy(false).enableCircuitBreaker(false).build();
        assertThat(ResilienceOptions.retry(o).retryCount()).isZero();
        assertThat(ResilienceOptions.circuitBreaker(o).enabled()).isFalse();
    }
}
