package dev.ballast.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.time.FakeClock;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.CommitOutcomeUnknownException;
import dev.ballast.resilience.RetryConfig;
import dev.ballast.resilience.TransactionOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code inTransaction} on a scripted fake driver: replay, commit verification, read-only work. */
class TransactionReplayTest {

    private static final String XID_QUERY = "sql %d " + TransactionIds.XID_AND_IDENTITY_13 + " []";

    private final FakeClock clock = new FakeClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final RecordingListener listener = new RecordingListener();
    private final FakeJdbc jdbc = new FakeJdbc();
    private final AtomicInteger runs = new AtomicInteger();

    private DefaultDatabaseResilience resilience() {
        return new DefaultDatabaseResilience(ResilienceSettings.of(jdbc.dataSource())
                .withRetry(RetryConfig.builder().retryDelay(Duration.ofMillis(100)).jitter(false).build())
                .withCircuitBreaker(CircuitBreakerConfig.disabled())
                .withListeners(ListenerSupport.none().with(listener))
                .withCommitVerificationTimeout(Duration.ofSeconds(5))
                .withClock(clock).withSleeper(sleeper).withExecutor(Runnable::run));
    }

    private String work(Connection c) {
        return "result " + runs.incrementAndGet();
    }

    private static String xid(int connection) {
        return String.format(XID_QUERY, connection);
    }

    @Test
    void commitsOnceOnSuccess() throws Exception {
        assertThat(resilience().inTransaction(this::work)).isEqualTo("result 1");
        assertThat(jdbc.log()).containsExactly("open 1", xid(1), "commit 1", "close 1");
    }

    @Test
    void aTransientFailureRollsBackAndReplaysTheWholeFunctionOnAFreshConnection() throws Exception {
        String result = resilience().inTransaction(c -> {
            if (runs.incrementAndGet() == 1) {
                throw Failures.server("40P01");
            }
            return "second";
        });
        assertThat(result).isEqualTo("second");
        assertThat(jdbc.log()).containsExactly("open 1", "rollback 1", "close 1", "open 2", xid(2), "commit 2",
                "close 2");
    }

    @Test
    void aPermanentFailureRollsBackAndIsThrown() {
        SQLException unique = Failures.uniqueViolation();
        assertThatThrownBy(() -> resilience().inTransaction(c -> {
            runs.incrementAndGet();
            throw unique;
        })).isSameAs(unique);
        assertThat(runs).hasValue(1);
        assertThat(jdbc.log()).containsExactly("open 1", "rollback 1", "close 1");
    }

    @Test
    void aCommitLostButVerifiedCommittedReturnsTheResultWithoutReplay() throws Exception {
        jdbc.onCommit(n -> {
            throw Failures.ioFailure();
        }).statusAnswers("committed");
        assertThat(resilience().inTransaction(this::work)).isEqualTo("result 1");
        assertThat(runs).hasValue(1);
        assertThat(jdbc.log()).containsExactly("open 1", xid(1), "commit 1", "close 1", "open 2",
                "sql 2 " + TransactionIds.STATUS_13 + " [1000]", "close 2");
        assertThat(listener.events()).containsExactly("attempt inTransaction 1 ok");
    }

    @Test
    void committedAfterAServerRestartIsNotTrustedBecauseCrashRecoveryMayReuseTheId() {
        jdbc.onCommit(n -> {
            throw Failures.ioFailure();
        }).statusAnswers("committed").restartedBeforeVerification();
        assertThatThrownBy(() -> resilience().inTransaction(this::work))
                .isInstanceOfSatisfying(CommitOutcomeUnknownException.class, e -> {
                    assertThat(e.transactionId()).isEqualTo("1000");
                    assertThat(e.getMessage()).contains("restarted");
                });
        assertThat(runs).hasValue(1);
        assertThat(jdbc.log("commit")).containsExactly("commit 1");
    }

    @ParameterizedTest(name = "''{0}'' from a restarted server")
    @ValueSource(strings = {"aborted", "in progress"})
    void anyAnswerFromARestartedServerIsUnknownNeverReplayed(String answer) {
        jdbc.onCommit(n -> {
            throw Failures.ioFailure();
        }).statusAnswers(answer).restartedBeforeVerification();
        assertThatThrownBy(() -> resilience().inTransaction(this::work))
                .isInstanceOfSatisfying(CommitOutcomeUnknownException.class,
                        e -> assertThat(e.getMessage()).contains("restarted").contains(answer));
        assertThat(runs).hasValue(1);
        assertThat(sleeper.waits()).as("no polling: that server cannot know").isEmpty();
    }

    @ParameterizedTest(name = "''{0}'' from another cluster")
    @ValueSource(strings = {"committed", "aborted"})
    void anyAnswerFromAnotherServerIsUnknownNeverReplayed(String answer) {
        jdbc.onCommit(n -> {
            throw Failures.ioFailure();
        }).statusAnswers(answer).otherServerBeforeVerification();
        assertThatThrownBy(() -> resilience().inTransaction(this::work))
                .isInstanceOfSatisfying(CommitOutcomeUnknownException.class,
                        e -> assertThat(e.getMessage()).contains("another server"));
        assertThat(runs).hasValue(1);
    }

    @Test
    void aCommitVerifiedAbortedIsReplayed() throws Exception {
        jdbc.onCommit(n -> {
            if (n == 1) {
                throw Failures.ioFailure();
            }
        }).statusAnswers("aborted");
        assertThat(resilience().inTransaction(this::work)).isEqualTo("result 2");
        assertThat(jdbc.log("commit")).containsExactly("commit 1", "commit 3");
        assertThat(listener.events("attempt")).containsExactly("attempt inTransaction 1 08006",
                "attempt inTransaction 2 ok");
    }

    @Test
    void anInProgressStatusIsAskedAgainUntilItResolves() throws Exception {
        jdbc.onCommit(n -> {
            throw Failures.ioFailure();
        }).statusAnswers("in progress", "in progress", "committed");
        assertThat(resilience().inTransaction(this::work)).isEqualTo("result 1");
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(runs).hasValue(1);
    }

    @Test
    void anOutcomeThatStaysUnknownIsReportedNotReplayed() {
        jdbc.onCommit(n -> {
            throw Failures.ioFailure();
        }).statusAnswers("in progress");
        assertThatThrownBy(() -> resilience().inTransaction(this::work))
                .isInstanceOfSatisfying(CommitOutcomeUnknownException.class, e -> {
                    assertThat(e.transactionId()).isEqualTo("1000");
                    assertThat(e.getSQLState()).isEqualTo("08007");
                    assertThat(e.getMessage()).contains("in progress").contains("1000");
                    assertThat(e.getCause()).isInstanceOf(SQLException.class);
                });
        assertThat(runs).hasValue(1);
        assertThat(jdbc.log("commit")).containsExactly("commit 1");
        long waited = sleeper.waits().stream().mapToLong(Duration::toMillis).sum();
        assertThat(waited).isEqualTo(5000); // the verification bound, on the fake clock
    }

    @Test
    void anUnreachableServerLeavesTheOutcomeUnknown() {
        jdbc.onCommit(n -> {
            throw Failures.ioFailure();
        }).onOpen(n -> {
            if (n > 1) {
                throw Failures.server("08001");
            }
        });
        assertThatThrownBy(() -> resilience().inTransaction(this::work))
                .isInstanceOfSatisfying(CommitOutcomeUnknownException.class, e -> {
                    assertThat(e.getMessage()).contains("could not be asked");
                    assertThat(e.getSuppressed()).hasSize(1);
                });
        assertThat(runs).hasValue(1);
    }

    @Test
    void aTransactionWithoutATransactionIdBeforeCommitIsUnknownNotReplayed() {
        jdbc.xid(null).onCommit(n -> {
            throw Failures.ioFailure(); // COMMIT may have assigned one (NOTIFY, deferred triggers) and committed
        });
        assertThatThrownBy(() -> resilience().inTransaction(this::work))
                .isInstanceOfSatisfying(CommitOutcomeUnknownException.class,
                        e -> assertThat(e.getMessage()).contains("NOTIFY"));
        assertThat(runs).hasValue(1);
        assertThat(jdbc.log("sql")).noneMatch(s -> s.contains("status"));
    }

    @Test
    void readOnlyTransactionsAreReplayedFreelyWithoutTransactionIds() throws Exception {
        jdbc.onCommit(n -> {
            if (n == 1) {
                throw Failures.ioFailure();
            }
        });
        assertThat(resilience().readOnlyTransaction(this::work)).isEqualTo("result 2");
        assertThat(jdbc.log()).containsExactly("open 1", "sql 1 SET TRANSACTION READ ONLY", "commit 1", "close 1",
                "open 2", "sql 2 SET TRANSACTION READ ONLY", "commit 2", "close 2");
    }

    @Test
    void aCommitRejectedByTheServerIsNotVerified() throws Exception {
        jdbc.onCommit(n -> {
            if (n == 1) {
                throw Failures.serialization(); // SERIALIZABLE conflict detected at commit: rolled back
            }
        });
        assertThat(resilience().inTransaction(this::work)).isEqualTo("result 2");
        assertThat(jdbc.log("sql")).noneMatch(s -> s.contains("status"));
    }

    @Test
    void aDeferredConstraintViolationAtCommitIsThrown() {
        SQLException unique = Failures.uniqueViolation();
        jdbc.onCommit(n -> {
            throw unique;
        });
        assertThatThrownBy(() -> resilience().inTransaction(this::work)).isSameAs(unique);
        assertThat(runs).hasValue(1);
    }

    @Test
    void isolationIsSetForTheTransactionOnly() throws Exception {
        resilience().inTransaction(TransactionOptions.builder().isolation(Connection.TRANSACTION_SERIALIZABLE)
                .build(), this::work);
        assertThat(jdbc.log("sql 1 SET")).containsExactly("sql 1 SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
    }

    @Test
    void olderServersUseTheTxidFunctions() throws Exception {
        jdbc.serverMajor(12).onCommit(n -> {
            throw Failures.ioFailure();
        }).statusAnswers("committed");
        assertThat(resilience().inTransaction(this::work)).isEqualTo("result 1");
        assertThat(jdbc.log("sql")).containsExactly(
                "sql 1 " + TransactionIds.XID_AND_IDENTITY_10 + " []",
                "sql 2 " + TransactionIds.STATUS_10 + " [1000]");
    }

    @Test
    void serversBeforeTenCannotVerifyAndSaySo() {
        jdbc.serverMajor(9).onCommit(n -> {
            throw Failures.ioFailure();
        });
        assertThatThrownBy(() -> resilience().inTransaction(this::work))
                .isInstanceOf(CommitOutcomeUnknownException.class).hasMessageContaining("PostgreSQL 10");
        assertThat(runs).hasValue(1);
    }
}
