package dev.ballast.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.testkit.PgBouncer;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SQL that needs a server session of its own, run through a plain {@link Statement} (not prepared) on a real
 * transaction-mode PgBouncer: reported once per kind with the alternative when {@code PgBouncerPoolMode=Transaction},
 * never otherwise.
 */
@WithPostgres
class SessionOnlySqlBouncerTest {

    @BeforeAll
    static void requirePgBouncer() {
        assumeTrue(PgBouncer.isInstalled(), PgBouncer.NOT_INSTALLED);
    }

    interface SqlWork {
        void run(Statement s) throws SQLException;
    }

    /** Runs the work on a pooled connection and returns what the pool logged meanwhile (slf4j-simple: System.err). */
    static String logOf(PgBouncer bouncer, PgBouncerPoolMode mode, SqlWork work) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (Ballast db = Ballast.start(DatabaseOptions.builder().url(bouncer.jdbcUrl())
                .username(bouncer.username()).password(bouncer.password()).pgBouncerPoolMode(mode).minPoolSize(0)
                .maxPoolSize(2).build())) {
            System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                work.run(s);
            } finally {
                System.setErr(original);
            }
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    static void sessionOnlyWork(Statement s) throws SQLException {
        s.execute("LISTEN jobs");
        s.execute("UNLISTEN jobs");
        s.executeQuery("SELECT pg_advisory_lock(42)").close();
        s.executeQuery("SELECT pg_advisory_unlock(42)").close();
        s.executeUpdate("PREPARE twice AS SELECT 2");
        s.executeUpdate("DEALLOCATE twice");
        s.addBatch("SET statement_timeout = '5s'");
        s.addBatch("SET statement_timeout = '6s'");
        s.executeBatch();
        s.execute("RESET statement_timeout");
        s.execute("DECLARE held CURSOR WITH HOLD FOR SELECT 1");
        s.execute("CLOSE held");
        // what works in transaction mode
        s.execute("SELECT pg_advisory_xact_lock(7)");
        s.execute("SET LOCAL statement_timeout = '5s'");
        s.executeUpdate("UPDATE pg_catalog.pg_class SET relname = relname WHERE false");
    }

    @Test
    void sessionOnlySqlThroughAPlainStatementIsReportedOncePerKind(PostgresServer pg) throws Exception {
        try (PgBouncer bouncer = PgBouncer.launch(pg, PgBouncer.PoolMode.TRANSACTION)) {
            String log = logOf(bouncer, PgBouncerPoolMode.TRANSACTION, SessionOnlySqlBouncerTest::sessionOnlyWork);
            assertThat(log).contains("LISTEN only hears notifications", "use pg_advisory_xact_lock",
                    "fetch within one transaction", "Seen in: LISTEN jobs", "Seen in: SELECT pg_advisory_lock(42)",
                    "Seen in: DECLARE held CURSOR WITH HOLD", "Seen in: PREPARE twice AS SELECT 2",
                    "Seen in: SET statement_timeout = '5s'", "ALTER ROLE");
            assertThat(log.split("Seen in: ", -1)).as("one report per kind, five kinds").hasSize(6);
            assertThat(log).doesNotContain("Seen in: SELECT pg_advisory_xact_lock", "Seen in: SET LOCAL", "Seen in: UPDATE");
        }
    }

    @Test
    void withoutTheTransactionHintNothingIsChecked(PostgresServer pg) throws Exception {
        try (PgBouncer bouncer = PgBouncer.launch(pg, PgBouncer.PoolMode.SESSION)) {
            String log = logOf(bouncer, PgBouncerPoolMode.SESSION, SessionOnlySqlBouncerTest::sessionOnlyWork);
            assertThat(log).doesNotContain("Seen in:");
        }
    }
}
