package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static dev.ballast.pool.PgPools.one;
import static dev.ballast.pool.PgPools.pid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGStatement;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.jdbc.PgResultSet;

/** What a returned connection looks like to the next borrower (pools of one, so it is the same session). */
@WithPostgres
class ConnectionResetTest {

    @BeforeAll
    static void schema(PostgresServer pg) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, body text)");
            s.execute("CREATE SCHEMA IF NOT EXISTS other");
            s.execute("DO $$ BEGIN CREATE ROLE reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        }
    }

    private static int notes(Connection c, String body) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM notes WHERE body = ?")) {
            ps.setString(1, body);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void anOpenTransactionIsRolledBackAndAutoCommitRestored(PostgresServer pg) throws SQLException {
        try (BallastPool pool = BallastPool.start(config(pg, "tx").maxPoolSize(1).build())) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("INSERT INTO notes(body) VALUES ('uncommitted')");
            }
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                assertThat(c.getAutoCommit()).isTrue();
                assertThat(notes(c, "uncommitted")).isZero();
                s.execute("BEGIN"); // a transaction pgjdbc did not open itself
                s.execute("INSERT INTO notes(body) VALUES ('manual')");
            }
            try (Connection c = pool.getConnection()) {
                assertThat(notes(c, "manual")).isZero();
                assertThat(c.unwrap(BaseConnection.class).getTransactionState()).isEqualTo(TransactionState.IDLE);
            }
        }
    }

    @Test
    void changedJdbcSettingsAreRestored(PostgresServer pg) throws SQLException {
        try (BallastPool pool = BallastPool.start(config(pg, "settings").maxPoolSize(1).build())) {
            int isolation;
            String schema;
            String catalog;
            int networkTimeout;
            int holdability;
            int session;
            try (Connection c = pool.getConnection()) {
                session = pid(c);
                isolation = c.getTransactionIsolation();
                schema = c.getSchema();
                catalog = c.getCatalog();
                networkTimeout = c.getNetworkTimeout();
                holdability = c.getHoldability();
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                c.setReadOnly(true);
                c.setSchema("other");
                c.setCatalog("postgres");
                c.setNetworkTimeout(Executors.newSingleThreadExecutor(), 12_345);
                c.setClientInfo("ApplicationName", "changed-by-caller");
                c.setHoldability(ResultSet.HOLD_CURSORS_OVER_COMMIT == holdability
                        ? ResultSet.CLOSE_CURSORS_AT_COMMIT : ResultSet.HOLD_CURSORS_OVER_COMMIT);
                assertThat(c.isReadOnly()).isTrue();
            }
            try (Connection c = pool.getConnection()) {
                assertThat(pid(c)).isEqualTo(session);
                assertThat(c.getTransactionIsolation()).isEqualTo(isolation);
                assertThat(c.isReadOnly()).isFalse();
                assertThat(c.getSchema()).isEqualTo(schema);
                assertThat(c.getCatalog()).isEqualTo(catalog);
                assertThat(c.getNetworkTimeout()).isEqualTo(networkTimeout);
                assertThat(c.getHoldability()).isEqualTo(holdability);
                assertThat(c.getClientInfo("ApplicationName")).isEqualTo("settings");
                assertThat(one(c, "SELECT current_setting('application_name')")).isEqualTo("settings");
            }
        }
    }

    @Test
    void statementsLeftOpenAreClosedAndWarningsCleared(PostgresServer pg) throws SQLException {
        try (BallastPool pool = BallastPool.start(config(pg, "leftover").maxPoolSize(1).build())) {
            Statement left;
            ResultSet open;
            try (Connection c = pool.getConnection()) {
                left = c.createStatement();
                open = left.executeQuery("SELECT generate_series(1, 10)");
                open.next();
                PreparedStatement also = c.prepareStatement("SELECT 1");
                assertThat(also.isClosed()).isFalse();
                c.setReadOnly(true);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            assertThat(left.isClosed()).isTrue();
            assertThat(open.isClosed()).isTrue();
            try (Connection c = pool.getConnection()) {
                assertThat((Object) c.getWarnings()).isNull();
                Properties info = c.getClientInfo();
                assertThat(info.getProperty("ApplicationName")).isEqualTo("leftover");
            }
        }
    }

    @Test
    void everyDriverStatementTheBorrowerLeftOpenIsClosedWhenTheConnectionIsReturned(PostgresServer pg)
            throws SQLException {
        try (BallastPool pool = BallastPool.start(config(pg, "leftover-driver").maxPoolSize(1).build())) {
            List<PGStatement> leftOpen = new ArrayList<>();
            PGStatement closedByBorrower;
            PGStatement firstClosedByBorrower;
            ResultSet leftCursor;
            try (Connection c = pool.getConnection()) {
                PreparedStatement first = c.prepareStatement("SELECT 1");
                firstClosedByBorrower = first.unwrap(PGStatement.class);
                Statement s2 = c.createStatement();
                leftOpen.add(s2.unwrap(PGStatement.class));
                Statement middle = c.createStatement();
                closedByBorrower = middle.unwrap(PGStatement.class);
                leftOpen.add(c.createStatement().unwrap(PGStatement.class));
                middle.close(); // one in the middle of those open
                first.close(); // and the oldest: the next statement takes its place
                PreparedStatement next = c.prepareStatement("SELECT generate_series(1, 100)");
                leftOpen.add(next.unwrap(PGStatement.class));
                c.setAutoCommit(false);
                next.setFetchSize(10); // a server-side cursor, open until its statement is closed
                leftCursor = next.executeQuery().unwrap(PgResultSet.class);
                leftCursor.next();
                assertThat(leftOpen).noneMatch(ConnectionResetTest::isClosed);
                assertThat(List.of(firstClosedByBorrower, closedByBorrower)).allMatch(ConnectionResetTest::isClosed);
            }
            assertThat(leftOpen).allMatch(ConnectionResetTest::isClosed);
            assertThat(leftCursor.isClosed()).isTrue();
            try (Connection c = pool.getConnection()) { // the same session, fit for use
                assertThat(one(c, "SELECT 'ok'")).isEqualTo("ok");
            }
        }
    }

    /** @return whether the driver's own statement is closed (the pool's view of it closes with its handle) */
    private static boolean isClosed(PGStatement s) {
        try {
            return ((Statement) s).isClosed();
        } catch (SQLException x) {
            throw new AssertionError(x);
        }
    }

    @Test
    void theDefaultKeepsSessionStateAcrossBorrows(PostgresServer pg) throws SQLException {
        try (BallastPool pool = BallastPool.start(config(pg, "keep").maxPoolSize(1).build())) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("SET work_mem = '7MB'");
            }
            try (Connection c = pool.getConnection()) {
                assertThat(one(c, "SHOW work_mem")).isEqualTo("7MB"); // NoResetOnClose=true: no server round trip
            }
        }
    }

    @Test
    void noResetOnCloseFalseResetsTheSessionButKeepsPreparedStatements(PostgresServer pg) throws SQLException {
        try (BallastPool pool = BallastPool.start(config(pg, "reset").maxPoolSize(1).noResetOnClose(false)
                .autoPrepareMinUsages(1).build())) {
            String defaultWorkMem;
            int session;
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                session = pid(c);
                defaultWorkMem = one(c, "SHOW work_mem");
                s.execute("SET work_mem = '7MB'");
                s.execute("CREATE TEMP TABLE scratch (x int)");
                s.execute("SELECT pg_advisory_lock(42)");
                s.execute("LISTEN news");
                s.execute("SET SESSION AUTHORIZATION reader");
                try (PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
                    for (int i = 0; i < 3; i++) {
                        ps.setInt(1, i);
                        ps.executeQuery().close();
                    }
                }
                assertThat(preparedOnServer(c)).isPositive();
            }
            try (Connection c = pool.getConnection()) {
                assertThat(pid(c)).isEqualTo(session);
                assertThat(one(c, "SHOW work_mem")).isEqualTo(defaultWorkMem);
                assertThat(one(c, "SELECT to_regclass('pg_temp.scratch') IS NULL")).isEqualTo("t");
                assertThat(one(c, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                        + "AND pid = pg_backend_pid()")).isEqualTo("0");
                assertThat(one(c, "SELECT count(*) FROM pg_listening_channels()")).isEqualTo("0");
                assertThat(one(c, "SELECT current_user")).isEqualTo("postgres");
                assertThat(preparedOnServer(c)).isPositive(); // DISCARD ALL would have dropped them
                try (PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
                    for (int i = 0; i < 3; i++) { // pgjdbc reuses its server-side statement: it must still exist
                        ps.setInt(1, i);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            assertThat(rs.getInt(1)).isEqualTo(i + 1);
                        }
                    }
                }
            }
        }
    }

    private static int preparedOnServer(Connection c) throws SQLException {
        return Integer.parseInt(one(c, "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%+ 1%'"));
    }
}
