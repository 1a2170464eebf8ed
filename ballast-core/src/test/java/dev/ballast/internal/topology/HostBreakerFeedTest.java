package dev.ballast.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.internal.time.FakeClock;
import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.CircuitState;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a host's pool events feed its breaker, and the monitor's trial; time from a fake clock. */
class HostBreakerFeedTest {

    private final FakeClock clock = new FakeClock();
    private final List<Boolean> changes = new ArrayList<>();
    private final HostBreaker breaker = new HostBreaker("db2:5432", CircuitBreakerConfig.builder().minimumThroughput(4)
            .failureRatio(0.5).samplingDuration(Duration.ofSeconds(10)).breakDuration(Duration.ofSeconds(5)).build(),
            SqlStateClassifier.standard(), 10, clock, changes::add);

    private void failedBorrow(String sqlState) {
        breaker.failedOnConnection(new SQLException("boom", sqlState));
        breaker.connectionReturned(1_000);
    }

    @Test
    void aFailedBorrowCountsOnceSoEveryBorrowFailingOpensTheBreaker() {
        for (int i = 0; i < 4; i++) {
            failedBorrow("08006");
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(changes).containsExactly(true);
    }

    @Test
    void successfulBorrowsOutweighAFewFailures() {
        for (int i = 0; i < 6; i++) {
            breaker.connectionReturned(1_000);
        }
        failedBorrow("08006");
        failedBorrow("57P01");
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aReadOnlyViolationAndNonTransientErrorsNeverCount() {
        for (int i = 0; i < 6; i++) {
            failedBorrow("25006"); // the caller wrote in a read-only transaction: its bug, not the host's
            failedBorrow("23505");
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void failedConnectsCount() {
        for (int i = 0; i < 4; i++) {
            breaker.connectionFailed(1_000, new SQLException("Connection refused", "08001"));
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void theMonitorsProbeAfterTheBreakIsTheTrialNotEarlier() {
        for (int i = 0; i < 4; i++) {
            failedBorrow("08006");
        }
        breaker.probed(true);
        assertThat(breaker.state()).as("a probe during the break changes nothing").isEqualTo(CircuitState.OPEN);
        clock.advance(Duration.ofSeconds(5));
        breaker.probed(false);
        assertThat(breaker.state()).as("a failed trial re-opens").isEqualTo(CircuitState.OPEN);
        clock.advance(Duration.ofSeconds(5));
        breaker.probed(true);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(changes).containsExactly(true, true, true, true, false); // open, half-open, open, half-open, closed
    }
}
