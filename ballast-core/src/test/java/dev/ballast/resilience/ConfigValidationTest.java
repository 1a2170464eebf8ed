package dev.ballast.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    @Test
    void retryDefaultsMatchTheSeed() {
        RetryConfig c = RetryConfig.defaults();
        assertThat(c.retryCount()).isEqualTo(3);
        assertThat(c.retryDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.backoffType()).isEqualTo(BackoffType.EXPONENTIAL);
        assertThat(c.jitter()).isTrue();
        assertThat(c.maxRetryDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryConfig.disabled().retryCount()).isZero();
        assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
    }

    @Test
    void retrySettersRejectBadValuesNamingTheKey() {
        assertThatThrownBy(() -> RetryConfig.builder().retryCount(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RetryCount must be between 0 and 100, but was -1");
        assertThatThrownBy(() -> RetryConfig.builder().retryDelay(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RetryDelay")
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> RetryConfig.builder().maxRetryDelay(Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MaxRetryDelay");
        assertThatThrownBy(() -> RetryConfig.builder().backoffType(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RetryConfig.builder().retryDelay(Duration.ofSeconds(5))
                .maxRetryDelay(Duration.ofSeconds(1)).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MaxRetryDelay must be at least RetryDelay (PT5S), but was PT1S");
    }

    @Test
    void breakerDefaultsMatchTheSeed() {
        CircuitBreakerConfig c = CircuitBreakerConfig.defaults();
        assertThat(c.enabled()).isTrue();
        assertThat(c.failureRatio()).isEqualTo(0.5);
        assertThat(c.minimumThroughput()).isEqualTo(5);
        assertThat(c.samplingDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.breakDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(CircuitBreakerConfig.disabled().enabled()).isFalse();
        assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
    }

    @Test
    void breakerSettersRejectBadValuesNamingTheKey() {
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureRatio(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FailureRatio must be greater than 0 and at most 1, but was 0.0");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureRatio(1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureRatio(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().minimumThroughput(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CircuitBreakerThreshold must be at least 1, but was 0");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().breakDuration(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CircuitBreakerDuration");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().samplingDuration(Duration.ofDays(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SamplingDuration");
    }

    @Test
    void transactionOptions() {
        assertThat(TransactionOptions.defaults().isReadOnly()).isFalse();
        assertThat(TransactionOptions.readOnly().isReadOnly()).isTrue();
        TransactionOptions serializable = TransactionOptions.builder()
                .isolation(Connection.TRANSACTION_SERIALIZABLE).build();
        assertThat(serializable.isolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        assertThatThrownBy(() -> TransactionOptions.builder().isolation(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Isolation");
    }

    @Test
    void circuitOpenExceptionCarriesStateAndRetryAfter() {
        CircuitOpenException e = new CircuitOpenException(CircuitState.OPEN, Duration.ofMillis(1500));
        assertThat(e.getSQLState()).isEqualTo(CircuitOpenException.SQL_STATE).isEqualTo("08001");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(e.state()).isEqualTo(CircuitState.OPEN);
        assertThat(e.getMessage()).contains("OPEN").contains("1.500 s");
    }

    @Test
    void commitOutcomeUnknownCarriesTheTransactionId() {
        CommitOutcomeUnknownException e = new CommitOutcomeUnknownException("lost", "12345", null);
        assertThat(e.transactionId()).isEqualTo("12345");
        assertThat(e.getSQLState()).isEqualTo("08007");
    }

    @Test
    void builderRejectsNulls() {
        assertThatThrownBy(() -> DatabaseResilience.builder(null)).isInstanceOf(NullPointerException.class);
    }
}
