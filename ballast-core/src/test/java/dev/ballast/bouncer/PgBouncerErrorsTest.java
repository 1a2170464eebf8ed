package dev.ballast.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ballast.postgres.FailureClass;
import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.testkit.PgBouncer;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The errors a real PgBouncer 1.18 raises itself, and how the one SQLSTATE table classifies them. */
@WithPostgres
class PgBouncerErrorsTest {

    private final SqlStateClassifier classifier = SqlStateClassifier.standard();

    @BeforeAll
    static void requirePgBouncer() {
        assumeTrue(PgBouncer.isInstalled(), PgBouncer.NOT_INSTALLED);
    }

    @Test
    void queryWaitTimeoutIsRetriedOnAFreshConnection(PostgresServer pg) throws Exception {
        try (PgBouncer bouncer = PgBouncer.builder(pg).setting("default_pool_size", "1")
                .setting("query_wait_timeout", "1").build();
                Connection holder = bouncer.connect(); Connection waiter = bouncer.connect()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT 1"); // holds the only server connection
            }
            SQLException e = catchThrowableOfType(SQLException.class, () -> {
                try (Statement s = waiter.createStatement()) {
                    s.execute("SELECT 1");
                }
            });
            assertThat((Object) e).as("the waiting query fails").isNotNull();
            assertThat(e.getSQLState()).isEqualTo("08P01");
            assertThat(e.getMessage()).contains("query_wait_timeout");
            FailureClass c = classifier.classify(e);
            assertThat(c.retry()).isTrue();
            assertThat(c.evictsConnection()).isTrue();
            holder.rollback();
        }
    }

    @Test
    void anUnsupportedStartupParameterIsAConfigurationErrorNotRetried(PostgresServer pg) throws Exception {
        try (PgBouncer bouncer = PgBouncer.launch(pg, PgBouncer.PoolMode.TRANSACTION)) {
            Properties props = new Properties();
            props.setProperty("user", bouncer.username());
            props.setProperty("options", "-c statement_timeout=1000");
            SQLException e = catchThrowableOfType(SQLException.class,
                    () -> DriverManager.getConnection(bouncer.jdbcUrl(), props).close());
            assertThat((Object) e).as("the bouncer refuses the start-up parameter").isNotNull();
            assertThat(e.getSQLState()).isEqualTo("08P01");
            assertThat(e.getMessage()).contains("unsupported startup parameter");
            FailureClass c = classifier.classify(e);
            assertThat(c).isEqualTo(FailureClass.PERMANENT);
            assertThat(c.countsForBreaker()).isFalse();
        }
    }

    @Test
    void anyOther08P01KeepsTheProtocolViolationRow() {
        SQLException other = new SQLException("ERROR: pgbouncer cannot connect to server", "08P01");
        assertThat(classifier.classify(other)).isEqualTo(FailureClass.CONNECTION_LOST);
        SQLException full = new SQLException("ERROR: no more connections allowed (max_client_conn)", "08P01");
        assertThat(classifier.classify(full)).isEqualTo(FailureClass.TRANSIENT);
        SQLException idle = new SQLException("FATAL: idle transaction timeout", "08P01");
        assertThat(classifier.classify(idle)).isEqualTo(FailureClass.CONNECTION_UNUSABLE);
        // a password the bouncer refused (md5, scram-sha-256): the credentials row, as 28P01
        for (String refused : new String[] {"FATAL: password authentication failed", "FATAL: SASL authentication failed"}) {
            FailureClass c = classifier.classify(new SQLException(refused, "08P01"));
            assertThat(c).isEqualTo(classifier.classify(new SQLException("password authentication failed", "28P01")));
            assertThat(c.retry()).isFalse();
            assertThat(c.countsForBreaker()).isFalse();
        }
        // the same words under another SQLSTATE are not PgBouncer's: the code's own row decides
        assertThat(classifier.classify(new SQLException("no such database: x", "3D000")))
                .isEqualTo(FailureClass.PERMANENT);
        assertThat(classifier.classify(new SQLException("no more connections allowed", "08006")))
                .isEqualTo(FailureClass.CONNECTION_LOST);
    }
}
