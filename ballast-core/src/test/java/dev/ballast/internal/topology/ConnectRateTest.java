package dev.ballast.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectRateTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aBurstOfOneSecondsWorthOpensAtOnceThenOpeningsAreEvenlySpaced() {
        ConnectRate rate = new ConnectRate(10);
        for (int i = 0; i < 10; i++) {
            assertThat(rate.reserve(0)).as("opening %d", i).isZero();
        }
        assertThat(rate.reserve(0)).isEqualTo(S / 10);
        assertThat(rate.reserve(0)).isEqualTo(2 * S / 10);
        assertThat(rate.reserve(0)).isEqualTo(3 * S / 10);
    }

    @Test
    void aQuietSpellRefillsTheBurst() {
        ConnectRate rate = new ConnectRate(5);
        for (int i = 0; i < 8; i++) {
            rate.reserve(0);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(rate.reserve(10 * S)).isZero();
        }
        assertThat(rate.reserve(10 * S)).isEqualTo(S / 5);
    }

    @Test
    void fiftyOpeningsAtTenPerSecondTakeAboutFourSeconds() {
        ConnectRate rate = new ConnectRate(10);
        long last = 0;
        for (int i = 0; i < 50; i++) {
            last = rate.reserve(0);
        }
        assertThat(last).isEqualTo(4 * S);
    }
}
