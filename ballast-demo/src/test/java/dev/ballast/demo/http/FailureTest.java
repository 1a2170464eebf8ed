package dev.ballast.demo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.resilience.CircuitOpenException;
import dev.ballast.resilience.CircuitState;
import dev.ballast.resilience.CommitOutcomeUnknownException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureTest {

    @Test
    void retryAfterIsTheBreakersRemainingTimeRoundedUpAndAtLeastOne() {
        assertThat(Failure.of(new CircuitOpenException(CircuitState.OPEN, Duration.ofSeconds(59)), "/").
                retryAfterSeconds()).hasValue(59);
        assertThat(Failure.of(new CircuitOpenException(CircuitState.HALF_OPEN, Duration.ZERO), "/")
                .retryAfterSeconds()).hasValue(1);
    }

    @Test
    void aCommitOfUnknownOutcomeIsNotRetryable() {
        Failure f = Failure.of(new CommitOutcomeUnknownException("lost", "1234", new SQLException("io", "08006")),
                "/api/tickets");
        assertThat(f.status()).isEqualTo(500);
        assertThat(f.retryAfterSeconds()).isEmpty();
        assertThat(f.problem().title()).isEqualTo(Failure.COMMIT_UNKNOWN_TITLE);
    }

    @Test
    void sqlStates() {
        assertThat(Failure.of(new SQLException("dup", "23505"), "/").status()).isEqualTo(409);
        assertThat(Failure.of(new SQLException("fk", "23503"), "/").problem().errors()).containsKey("reporterId");
        assertThat(Failure.of(new SQLException("shutting down", "57P01"), "/").status()).isEqualTo(503);
        assertThat(Failure.of(new SQLException("too many", "53300"), "/").status()).isEqualTo(503);
        assertThat(Failure.of(new SQLException("syntax", "42601"), "/").status()).isEqualTo(500);
        assertThat(Failure.of(new IllegalStateException("bug"), "/").problem().detail())
                .doesNotContain("bug");
    }

    @Test
    void findLooksThroughTheExceptionsAFrameworkWrapsJdbcFailuresIn() {
        assertThat(Failure.find(new RuntimeException("wrapped", new SQLException("dup", "23505")), "/").status())
                .isEqualTo(409);
        assertThat(Failure.find(new RuntimeException("tx", new CircuitOpenException(CircuitState.OPEN,
                Duration.ofSeconds(3))), "/").retryAfterSeconds()).hasValue(3);
        Failure inDoubt = Failure.find(new RuntimeException("commit", new CommitOutcomeUnknownException("lost",
                "1234", new SQLException("io", "08006"))), "/");
        assertThat(inDoubt.problem().title()).isEqualTo(Failure.COMMIT_UNKNOWN_TITLE);
        Failure bug = Failure.find(new IllegalStateException("bug", new NullPointerException("npe")), "/");
        assertThat(bug.status()).isEqualTo(500);
        assertThat(bug.problem().title()).isEqualTo("Internal Server Error");
    }
}
