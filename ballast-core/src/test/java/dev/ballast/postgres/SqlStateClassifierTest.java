package dev.ballast.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.internal.resilience.Failures;
import dev.ballast.resilience.CircuitOpenException;
import dev.ballast.resilience.CircuitState;
import dev.ballast.resilience.CommitOutcomeUnknownException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlStateClassifierTest {

    private final SqlStateClassifier classifier = SqlStateClassifier.standard();

    @ParameterizedTest(name = "{0} (the ported design''s list) is retried and counted")
    @ValueSource(strings = {"08000", "08003", "08006", "40001", "40P01", "53000", "53100", "53200", "53300", "53400",
            "57P03", "58000", "58030"})
    void portedDesignCodesAreRetried(String code) {
        assertThat(classifier.isTransient(Failures.server(code))).isTrue();
    }

    @ParameterizedTest(name = "{0} (added by issue 5) is retried")
    @ValueSource(strings = {"08001", "08004", "57P01", "57P02"})
    void addedCodesAreRetried(String code) {
        assertThat(classifier.isTransient(Failures.server(code))).isTrue();
    }

    @ParameterizedTest(name = "{0} is thrown at once")
    @ValueSource(strings = {"23505", "23503", "23502", "23514", "42601", "42P01", "57014", "55P03", "40003",
            "25P02", "28P01", "3D000", "XX000", "XX001", "22012", "P0001", "0A000", "25006"})
    void everythingElseIsNotRetried(String code) {
        assertThat(classifier.isTransient(Failures.server(code))).isFalse();
        assertThat(classifier.countsForBreaker(Failures.server(code))).isFalse();
    }

    @ParameterizedTest(name = "{0} evicts the connection")
    @ValueSource(strings = {"08000", "08001", "08003", "08004", "08006", "08007", "08P01", "57P01", "57P02", "57P03",
            "57P04", "XX000", "25P03"})
    void connectionFatalCodesEvict(String code) {
        assertThat(classifier.isFatalToConnection(Failures.server(code))).isTrue();
    }

    @ParameterizedTest(name = "{0} keeps the connection")
    @ValueSource(strings = {"40001", "40P01", "53000", "53100", "53200", "53300", "53400", "58000", "58030", "23505",
            "42601", "57014", "25006"})
    void otherCodesKeepTheConnection(String code) {
        assertThat(classifier.isFatalToConnection(Failures.server(code))).isFalse();
    }

    @Test
    void contentionIsRetriedButNotCountedByTheBreaker() {
        assertThat(classifier.classify(Failures.server("40001"))).isEqualTo(FailureClass.CONTENTION);
        assertThat(classifier.classify(Failures.server("40P01"))).isEqualTo(FailureClass.CONTENTION);
        assertThat(classifier.countsForBreaker(Failures.server("40001"))).isFalse();
        assertThat(classifier.countsForBreaker(Failures.server("08006"))).isTrue();
        assertThat(classifier.countsForBreaker(Failures.server("53300"))).isTrue();
    }

    @Test
    void terminatedSessionsAreRetriedAndEvictedButNotCounted() {
        for (String code : new String[] {"57P01", "57P02", "57P05"}) {
            assertThat(classifier.classify(code)).as(code).isEqualTo(FailureClass.SESSION_TERMINATED);
            assertThat(classifier.countsForBreaker(Failures.server(code))).isFalse();
        }
        assertThat(classifier.countsForBreaker(Failures.server("57P03"))).isTrue();
    }

    @Test
    void unlistedConnectionExceptionCodesAreLostConnections() {
        assertThat(classifier.classify("08999")).isEqualTo(FailureClass.CONNECTION_LOST);
    }

    @Test
    void resolutionUnknownIsNeverRetried() {
        assertThat(classifier.classify("08007")).isEqualTo(FailureClass.COMMIT_UNKNOWN);
        assertThat(classifier.isTransient(new CommitOutcomeUnknownException("lost", "42", Failures.ioFailure())))
                .isFalse();
    }

    @Test
    void pgjdbcIoFailuresAreRetriedAndEvict() {
        assertThat(classifier.classify(Failures.ioFailure())).isEqualTo(FailureClass.CONNECTION_LOST);
        assertThat(classifier.classify(Failures.connectionClosed())).isEqualTo(FailureClass.CONNECTION_LOST);
        assertThat(classifier.classify(Failures.wrappedIo())).isEqualTo(FailureClass.CONNECTION_LOST);
        assertThat(classifier.isTransient(new RuntimeException(new SocketTimeoutException()))).isTrue();
        assertThat(classifier.isTransient(new SQLException("x", (String) null).initCause(new EOFException())))
                .isTrue();
        assertThat(classifier.isTransient(new ConnectException("refused"))).isTrue();
        assertThat(classifier.isTransient(new IOException("reset"))).isTrue();
    }

    @Test
    void jdbcTransientTypesWithoutStateAreRetried() {
        assertThat(classifier.classify(new SQLTransientConnectionException("pool timeout")))
                .isEqualTo(FailureClass.CONNECTION_LOST);
        assertThat(classifier.classify(new SQLRecoverableException("gone"))).isEqualTo(FailureClass.CONNECTION_LOST);
        assertThat(classifier.classify(new SQLTransactionRollbackException("rolled back")))
                .isEqualTo(FailureClass.CONTENTION);
        assertThat(classifier.classify(new SQLTimeoutException("timeout"))).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void aCauseWithAStateDecidesOverAStatelessTransientWrapper() {
        SQLTransientConnectionException timeout = new SQLTransientConnectionException("pool timeout", null,
                Failures.server("28P01"));
        assertThat(classifier.isTransient(timeout)).isFalse();
    }

    @Test
    void theOutermostStateDecides() {
        SQLException unique = new SQLException("dup", "23505", Failures.ioFailure());
        assertThat(classifier.isTransient(unique)).isFalse();
    }

    @Test
    void nextExceptionsAreWalked() {
        BatchUpdateException batch = new BatchUpdateException("batch", (String) null, new int[0]);
        batch.setNextException(Failures.server("40P01"));
        assertThat(classifier.isTransient(batch)).isTrue();
    }

    @Test
    void circuitOpenRejectionsAreNeitherRetriedNorCounted() {
        CircuitOpenException open = new CircuitOpenException(CircuitState.OPEN, Duration.ofSeconds(3));
        assertThat((Throwable) open).isInstanceOf(SQLTransientConnectionException.class);
        assertThat(classifier.classify(open)).isEqualTo(FailureClass.PERMANENT);
        assertThat(classifier.classify(new RuntimeException(open))).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void nonSqlFailuresArePermanent() {
        assertThat(classifier.classify(new IllegalStateException("bug"))).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void causeCyclesTerminate() {
        SQLException a = new SQLException("a");
        SQLException b = new SQLException("b", a);
        a.setNextException(b);
        assertThat(classifier.classify(b)).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void usersCanAddTransientCodes() {
        SqlStateClassifier custom = SqlStateClassifier.builder().addTransient("55P03").addTransient(Set.of("XX000"))
                .build();
        assertThat(custom.classify(Failures.server("55P03"))).isEqualTo(FailureClass.TRANSIENT);
        assertThat(custom.isTransient(Failures.server("XX000"))).isTrue();
        assertThat(custom.isTransient(Failures.server("23505"))).isFalse();
        assertThat(custom.classify("40001")).isEqualTo(FailureClass.CONTENTION);
        assertThat(custom.additionalTransientSqlStates()).containsExactlyInAnyOrder("55P03", "XX000");
        assertThat(custom.table()).containsEntry("55P03", FailureClass.TRANSIENT).containsEntry("08000",
                FailureClass.CONNECTION_LOST);
        assertThat(SqlStateClassifier.withAdditionalTransient(Set.of("55P03")).isTransient(Failures.server("55P03")))
                .isTrue();
        assertThat(SqlStateClassifier.withAdditionalTransient(Set.of())).isSameAs(SqlStateClassifier.standard());
    }

    @Test
    void malformedCodesAreRejected() {
        assertThatThrownBy(() -> SqlStateClassifier.builder().addTransient("40p01"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AdditionalTransientSqlStates")
                .hasMessageContaining("'40p01'");
        assertThatThrownBy(() -> SqlStateClassifier.builder().addTransient("123"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlStateClassifier.builder().addTransient((String) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void theTableHasOneRowPerCode() {
        assertThat(SqlStateTable.rows()).hasSizeGreaterThan(30)
                .containsEntry("25006", FailureClass.READ_ONLY_TRANSACTION);
    }

    @Test
    void a25006ThatTheEngineFoundOnAReadOnlyServerIsAFailover() {
        SQLException readOnly = new dev.ballast.resilience.ReadOnlyServerException("read-only server",
                Failures.server("25006"));
        assertThat(classifier.classify(readOnly)).isEqualTo(FailureClass.READ_ONLY_SERVER);
        assertThat(classifier.isTransient(readOnly)).isTrue();
        assertThat(classifier.countsForBreaker(readOnly)).isTrue();
        assertThat(classifier.isFatalToConnection(readOnly)).isTrue();
    }
}
