package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static dev.ballast.pool.PgPools.one;
import static dev.ballast.pool.PgPools.pid;
import static dev.ballast.pool.PgPools.terminateAndWait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.testing.Await;
import dev.ballast.testing.RecordingListener;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * What a borrower's handles (connection, statements, result sets, metadata) may and may not do, on a real server:
 * every fatal error marks the connection for destruction whatever call raised it, a handle is released once however
 * many threads close it, and a handle kept after close never reaches the connection the next borrower holds.
 */
@WithPostgres
@SuppressWarnings("try") // resources held only for the duration of a block
class ConnectionHandleSafetyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aFatalErrorFromAMetadataCallLeavesNoBrokenConnectionInThePool(PostgresServer pg) throws Exception {
        try (BallastPool pool = BallastPool.start(config(pg, "fatal-metadata").maxPoolSize(1).build())) {
            int victim;
            try (Connection c = pool.getConnection()) {
                victim = pid(c);
                DatabaseMetaData md = c.getMetaData();
                terminateAndWait(pg, victim);
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        md::getMaxColumnsInIndex); // runs "SELECT setting FROM pg_settings ..." on the dead backend
                assertThat(e.getSQLState()).matches("57P01|08006|08003");
            }
            try (Connection next = pool.getConnection()) { // returned within 500 ms: only eviction protects it
                assertThat(one(next, "SELECT 1")).isEqualTo("1");
                assertThat(pid(next)).isNotEqualTo(victim);
            }
        }
    }

    @Test
    void aFatalErrorFromExecuteLargeUpdateLeavesNoBrokenConnectionInThePool(PostgresServer pg) throws Exception {
        try (BallastPool pool = BallastPool.start(config(pg, "fatal-large-update").maxPoolSize(1).build())) {
            int victim;
            try (Connection c = pool.getConnection();
                    PreparedStatement ps = c.prepareStatement("CREATE TEMP TABLE IF NOT EXISTS t(x int)")) {
                victim = pid(c);
                terminateAndWait(pg, victim);
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        ps::executeLargeUpdate);
                assertThat(e.getSQLState()).matches("57P01|08006|08003");
            }
            try (Connection next = pool.getConnection()) {
                assertThat(one(next, "SELECT 1")).isEqualTo("1");
                assertThat(pid(next)).isNotEqualTo(victim);
            }
        }
    }

    @Test
    void anUnusableConnectionErrorFromAResultSetGetterGetsTheConnectionDestroyed(PostgresServer pg)
            throws Exception {
        try (Connection admin = pg.connect(); Statement s = admin.createStatement()) {
            // A cursor evaluated lazily: its rows, and the internal error (XX000) on the first, come at FETCH time,
            // which pgjdbc runs inside ResultSet.getObject on a refcursor column. The session survives the error.
            s.execute("CREATE OR REPLACE FUNCTION wrap_boom(i int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN "
                    + "RAISE EXCEPTION 'internal error on row %', i USING ERRCODE = 'XX000'; END $$");
            s.execute("CREATE OR REPLACE FUNCTION wrap_cursor() RETURNS refcursor LANGUAGE plpgsql AS $$ "
                    + "DECLARE c refcursor; BEGIN OPEN c FOR SELECT wrap_boom(g) FROM generate_series(1, 3) g; "
                    + "RETURN c; END $$");
        }
        SqlStateClassifier table = SqlStateClassifier.standard(); // XX000: the session is no longer trustworthy
        try (BallastPool pool = BallastPool.start(config(pg, "fatal-getter").maxPoolSize(1)
                .fatalErrors(table::isFatalToConnection).build())) {
            int victim;
            try (Connection c = pool.getConnection()) {
                victim = pid(c);
                c.setAutoCommit(false);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT wrap_cursor()")) {
                    assertThat(rs.next()).isTrue();
                    SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                            () -> rs.getObject(1));
                    assertThat(e.getSQLState()).isEqualTo("XX000");
                }
            }
            try (Connection next = pool.getConnection()) {
                assertThat(pid(next)).as("the backend that raised XX000 was destroyed").isNotEqualTo(victim);
            }
        }
    }

    @Test
    void twoThreadsClosingOneHandleReleaseTheConnectionOnce(PostgresServer pg) throws Exception {
        RecordingListener events = new RecordingListener();
        int rounds = 5_000;
        try (BallastPool pool = BallastPool.start(config(pg, "double-close").maxPoolSize(2).build(), events)) {
            AtomicReference<Connection> target = new AtomicReference<>();
            AtomicInteger round = new AtomicInteger();
            Phaser closed = new Phaser(3); // two closers and this thread
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Runnable closer = () -> {
                try {
                    for (int seen = 0; seen < rounds; seen++) {
                        while (round.get() == seen) { // both closers wait hot, so that their close() calls overlap
                            Thread.onSpinWait();
                        }
                        target.get().close();
                        closed.arrive();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                    closed.forceTermination();
                }
            };
            Thread a = new Thread(closer, "closer-a");
            Thread b = new Thread(closer, "closer-b");
            a.start();
            b.start();
            try {
                for (int r = 0; r < rounds && failure.get() == null; r++) {
                    target.set(pool.getConnection());
                    int phase = closed.arrive();
                    round.incrementAndGet();
                    closed.awaitAdvanceInterruptibly(phase, 30, TimeUnit.SECONDS);
                    if (events.returned.get() != events.borrowed.get()) {
                        break;
                    }
                }
            } finally {
                round.set(Integer.MAX_VALUE);
                a.join(TimeUnit.SECONDS.toMillis(30));
                b.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(failure.get()).isNull();
            assertThat(events.returned.get()).as("returns, for %s borrows", events.borrowed.get())
                    .isEqualTo(events.borrowed.get());
            try (Connection x = pool.getConnection(); Connection y = pool.getConnection()) {
                assertThat(x.unwrap(PGConnection.class).getBackendPID())
                        .isNotEqualTo(y.unwrap(PGConnection.class).getBackendPID());
            }
        }
    }

    @Test
    void metadataKeptAfterCloseThrowsAndRunsNothingOnTheNextBorrowersConnection(PostgresServer pg)
            throws Exception {
        try (BallastPool pool = BallastPool.start(config(pg, "stale-metadata").maxPoolSize(1).build())) {
            DatabaseMetaData stale;
            ResultSetMetaData staleColumns;
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT relname FROM pg_catalog.pg_class LIMIT 1")) {
                stale = c.getMetaData();
                staleColumns = rs.getMetaData(); // pgjdbc looks up column details (table, nullability) with a query
            }
            try (Connection next = pool.getConnection()) {
                int backend = pid(next);
                one(next, "SELECT 'next borrower marker'");
                assertThatThrownBy(stale::getMaxColumnsInIndex).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> stale.getTables(null, null, "%", null)).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> staleColumns.isNullable(1)).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> staleColumns.isAutoIncrement(1)).isInstanceOf(SQLException.class);
                assertThat(lastQuery(pg, backend)).isEqualTo("SELECT 'next borrower marker'");
            }
        }
    }

    @Test
    void aStatementKeptAfterCloseThrowsAndRunsNothingOnTheNextBorrowersConnection(PostgresServer pg)
            throws Exception {
        try (BallastPool pool = BallastPool.start(config(pg, "stale-statement").maxPoolSize(1).build())) {
            Statement stale;
            PreparedStatement stalePrepared;
            try (Connection c = pool.getConnection()) {
                stale = c.createStatement();
                stalePrepared = c.prepareStatement("SELECT 'stale prepared'");
            }
            try (Connection next = pool.getConnection()) {
                int backend = pid(next);
                one(next, "SELECT 'next borrower marker'");
                assertThatThrownBy(() -> stale.executeQuery("SELECT 'stale'")).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> stale.executeLargeUpdate("SELECT 'stale'")).isInstanceOf(SQLException.class);
                assertThatThrownBy(stalePrepared::executeQuery).isInstanceOf(SQLException.class);
                assertThatThrownBy(stale::getConnection).isInstanceOf(SQLException.class);
                assertThat(lastQuery(pg, backend)).isEqualTo("SELECT 'next borrower marker'");
            }
        }
    }

    @Test
    void aResultSetKeptAfterCloseThrowsAndRunsNothingOnTheNextBorrowersConnection(PostgresServer pg)
            throws Exception {
        try (BallastPool pool = BallastPool.start(config(pg, "stale-result-set").maxPoolSize(1).build())) {
            ResultSet staleCatalog;
            ResultSet staleCursor;
            try (Connection c = pool.getConnection()) {
                staleCatalog = c.getMetaData().getTables(null, "pg_catalog", "pg_class", null);
                c.setAutoCommit(false);
                Statement s = c.createStatement();
                s.setFetchSize(1); // a server-side cursor: next() past the first row fetches from the server
                staleCursor = s.executeQuery("SELECT g FROM generate_series(1, 10) g");
                staleCursor.next();
            }
            try (Connection next = pool.getConnection()) {
                int backend = pid(next);
                one(next, "SELECT 'next borrower marker'");
                assertThatThrownBy(staleCatalog::next).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> staleCatalog.getString(1)).isInstanceOf(SQLException.class);
                assertThatThrownBy(staleCatalog::getStatement).isInstanceOf(SQLException.class);
                assertThatThrownBy(staleCursor::next).isInstanceOf(SQLException.class);
                assertThat(lastQuery(pg, backend)).isEqualTo("SELECT 'next borrower marker'");
            }
        }
    }

    /** @return the last statement the server saw from a backend (pg_stat_activity.query) */
    private static String lastQuery(PostgresServer pg, int pid) throws SQLException {
        try (Connection admin = pg.connect();
                PreparedStatement ps = admin.prepareStatement("SELECT query FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("backend %s listed", pid).isTrue();
                return rs.getString(1);
            }
        }
    }
}
