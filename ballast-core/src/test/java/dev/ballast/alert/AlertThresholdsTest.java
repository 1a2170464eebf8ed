package dev.ballast.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertThresholdsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        AlertThresholds d = AlertThresholds.defaults();
        assertThat(d.utilisationRatio()).isEqualTo(0.8);
        assertThat(d.utilisationFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.waitersFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.borrowTimeoutQuietPeriod()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.circuitOpenFor()).isEqualTo(Duration.ZERO);
        assertThat(d.connectionFailures()).isEqualTo(5);
        assertThat(d.connectionFailureWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.leakQuietPeriod()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.evaluationInterval()).isEqualTo(Duration.ofSeconds(1));
        for (AlertRule r : AlertRule.values()) {
            assertThat(d.enabled(r)).isTrue();
        }
    }

    @Test
    void badValuesAreRejectedNamingTheSettingAndValue() {
        assertThatThrownBy(() -> AlertThresholds.builder().utilisation(0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("utilisation ratio must be in (0, 1], but was 0.0");
        assertThatThrownBy(() -> AlertThresholds.builder().utilisation(1.5, Duration.ZERO))
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> AlertThresholds.builder().waitersFor(Duration.ofSeconds(-1)))
                .hasMessage("waitersFor must not be negative, but was -1000 ms");
        assertThatThrownBy(() -> AlertThresholds.builder().connectionFailures(0, Duration.ofSeconds(1)))
                .hasMessage("connection failures must be at least 1, but was 0");
        assertThatThrownBy(() -> AlertThresholds.builder().borrowTimeoutQuietPeriod(Duration.ZERO))
                .hasMessage("borrowTimeoutQuietPeriod must be positive, but was 0 ms");
        assertThatThrownBy(() -> AlertThresholds.builder().evaluationInterval(Duration.ofMillis(1)))
                .hasMessageContaining("at least 10 ms");
    }

    @Test
    void rulesAreFoundByEitherName() {
        assertThat(AlertRule.fromName("pool_waiters_present")).isEqualTo(AlertRule.WAITERS_PRESENT);
        assertThat(AlertRule.fromName("circuit_open")).isEqualTo(AlertRule.CIRCUIT_OPEN);
        assertThat(AlertRule.fromName("CONNECTION_LEAK")).isEqualTo(AlertRule.CONNECTION_LEAK);
        assertThatThrownBy(() -> AlertRule.fromName("nope")).hasMessageContaining("no alert rule named 'nope'");
    }
}
