package dev.ballast.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.event.BallastListener;
import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SQLSTATE 25006 (read_only_sql_transaction) means two different things. Raised inside a transaction the caller
 * declared read-only on a writable server, it is the caller's bug: thrown at once, never retried, the connection
 * kept, the circuit breaker not counting it. Raised by a server that turned read-only (a demoted primary, a standby
 * behind the same address) it is a failover signal: the connection is evicted and the work retried.
 */
@WithPostgres
class ReadOnlyTransactionTest {

    /** Counts attempts, retries and evictions. */
    static final class Counts implements BallastListener {
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        final AtomicInteger evicted = new AtomicInteger();

        @Override
        public void attemptFinished(String operation, int attempt, Throwable failure) {
            attempts.incrementAndGet();
        }

        @Override
        public void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {
            retries.incrementAndGet();
        }

        @Override
        public void connectionClosed(ConnectionCloseReason reason) {
            if (reason == ConnectionCloseReason.EVICTED) {
                evicted.incrementAndGet();
            }
        }
    }

    @BeforeEach
    void table(PostgresServer pg) throws SQLException {
        TestDatabases.run(pg, "create table if not exists ro_target(note text)", "truncate ro_target");
    }

    private static Ballast start(PostgresServer pg, Counts counts) {
        // Three counted failures in the window (three in four attempts) open the circuit; three retries per call.
        return Ballast.start(DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username())
                .minPoolSize(0).maxPoolSize(4).retryCount(3).retryDelay(Duration.ofMillis(5))
                .circuitBreakerThreshold(3).failureRatio(0.75).samplingDuration(Duration.ofMinutes(5))
                .circuitBreakerDuration(Duration.ofMinutes(5)).listener(counts).build(), OpenTelemetry.noop());
    }

    private static int insert(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("insert into ro_target values ('must not be written')");
        }
    }

    @Test
    void aWriteInTheCallersOwnReadOnlyTransactionIsThrownOnceNeitherRetriedNorEvictedNorCounted(PostgresServer pg)
            throws Exception {
        Counts counts = new Counts();
        try (Ballast db = start(pg, counts)) {
            DatabaseResilience r = db.resilience();
            assertCallersBug(() -> r.inTransaction(TransactionOptions.readOnly(), ReadOnlyTransactionTest::insert));
            assertCallersBug(() -> r.inTransaction(c -> {
                c.setReadOnly(true); // pgjdbc begins the transaction READ ONLY
                return insert(c);
            }));
            assertCallersBug(() -> r.withConnection(c -> {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("set transaction read only");
                }
                return insert(c);
            }));
            assertCallersBug(() -> r.readOnlyTransaction(ReadOnlyTransactionTest::insert));

            assertThat(counts.attempts).as("one attempt per call").hasValue(4);
            assertThat(counts.retries).hasValue(0);
            assertThat(counts.evicted).as("evicted connections").hasValue(0);
            assertThat(db.stats().connectionsClosed()).isZero();
            assertThat(r.circuitState()).isEqualTo(CircuitState.CLOSED);
            assertThat(r.inTransaction(ReadOnlyTransactionTest::insert)).isEqualTo(1); // the same pool still writes
        }
        assertThat(TestDatabases.number(pg, "select count(*) from ro_target")).isEqualTo(1);
    }

    @Test
    void aWriteOnAServerThatTurnedReadOnlyIsRetriedOnNewConnectionsAndCounted(PostgresServer pg) throws Exception {
        Counts counts = new Counts();
        try (Ballast db = start(pg, counts)) {
            DatabaseResilience r = db.resilience();
            assertThat(r.inTransaction(ReadOnlyTransactionTest::insert)).isEqualTo(1); // a pooled connection exists
            counts.attempts.set(0);
            pg.configure(Map.of("default_transaction_read_only", "on")); // a demoted primary
            try {
                // the retries end in the read-only server's failure, or in the open circuit that it caused
                assertThatThrownBy(() -> r.inTransaction(ReadOnlyTransactionTest::insert)).satisfiesAnyOf(
                        e -> assertThat(e).isInstanceOf(ReadOnlyServerException.class),
                        e -> assertThat(e).isInstanceOf(CircuitOpenException.class).satisfies(open -> assertThat(
                                open.getSuppressed()).hasAtLeastOneElementOfType(ReadOnlyServerException.class)));
                assertThat(counts.retries.get()).as("retried as a failover").isPositive();
                assertThat(counts.evicted.get()).as("connections to the read-only server evicted").isPositive();
                assertThat(r.circuitState()).as("counted by the breaker").isEqualTo(CircuitState.OPEN);
            } finally {
                pg.configure(Map.of("default_transaction_read_only", "off"));
            }
        }
    }

    private static void assertCallersBug(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("25006"));
    }
}
