package dev.ballast.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.testing.Await;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A commit outcome is read only from the server incarnation that ran the transaction (DESIGN §4a). Each test loses
 * a real COMMIT on a real server, then makes the verifying connection meet something else: the same postmaster
 * after an in-place crash restart (one backend killed), a different server on the same port. And a transaction
 * whose transaction id is only assigned by COMMIT itself (NOTIFY) is never taken for one that wrote nothing.
 *
 * <p>The WAL writer is slowed down so that a killed backend's unflushed WAL — and with it its transaction id — is
 * really lost in the crash restart, as it is whenever the crash beats the WAL writer.
 */
@WithPostgres(settings = "wal_writer_delay=10000")
class CommitVerificationKnowsTheServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** What a test does when the COMMIT is called, with the real connection; then the real COMMIT runs. */
    @FunctionalInterface
    interface BeforeCommit {
        void run(Connection real) throws Exception;
    }

    @BeforeEach
    void table(PostgresServer pg) throws SQLException {
        TestDatabases.run(pg, "create table if not exists verified(note text)", "truncate verified");
    }

    @Test
    void aCommitLostInAnInPlaceCrashRestartIsUnknownNotCommittedThroughAReusedTransactionId(PostgresServer pg)
            throws Exception {
        long postmaster = pg.postmasterPid();
        List<String> xids = new ArrayList<>();
        DataSource source = interceptFirstCommit(pg, real -> {
            xids.add(xid(real));
            crashRestart(pg, real);
            assertThat(pg.postmasterPid()).as("the same postmaster, restarted in place").isEqualTo(postmaster);
            try (Connection other = pg.connect()) { // another client is given the lost transaction's id
                other.setAutoCommit(false);
                try (Statement s = other.createStatement()) {
                    s.execute("insert into verified values ('someone else')");
                }
                xids.add(xid(other));
                other.commit();
            }
        });
        AtomicInteger bodies = new AtomicInteger();
        DatabaseResilience resilience = quickRetries(source);

        assertThatThrownBy(() -> resilience.inTransaction(c -> write(c, bodies, "acknowledged write")))
                .isInstanceOfSatisfying(CommitOutcomeUnknownException.class, e -> {
                    assertThat(e.transactionId()).isEqualTo(xids.get(0));
                    assertThat(e.getMessage()).contains("restarted");
                });
        assertThat(xids.get(1)).as("the crash restart handed the lost id out again").isEqualTo(xids.get(0));
        assertThat(bodies).hasValue(1);
        assertThat(notes(pg)).containsExactly("someone else"); // the "committed" id was another client's
    }

    @Test
    void aCommitLostInACrashRestartIsUnknownBecauseOfTheRestartBeforeAnyoneIsGivenItsId(PostgresServer pg)
            throws Exception {
        List<String> xids = new ArrayList<>();
        DataSource source = interceptFirstCommit(pg, real -> {
            xids.add(xid(real));
            crashRestart(pg, real); // nobody takes the lost id: the restarted server says it is in its future
        });
        AtomicInteger bodies = new AtomicInteger();
        DatabaseResilience resilience = quickRetries(source);

        assertThatThrownBy(() -> resilience.inTransaction(c -> write(c, bodies, "acknowledged write")))
                .isInstanceOfSatisfying(CommitOutcomeUnknownException.class, e -> {
                    assertThat(e.transactionId()).isEqualTo(xids.get(0));
                    assertThat(e.getMessage()).contains("has not handed that transaction id out")
                            .contains("restarted").doesNotContain("could not be asked");
                });
        assertThat(bodies).as("not replayed").hasValue(1);
        assertThat(notes(pg)).isEmpty();
    }

    @Test
    void aCommitCheckedOnADifferentServerBehindTheSameAddressIsUnknownNeverReplayed(PostgresServer pg)
            throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) { // ids well ahead of a fresh server's
            for (int i = 0; i < 200; i++) {
                s.execute("select pg_current_xact_id()");
            }
        }
        PostgresServer[] impostor = new PostgresServer[1];
        DataSource source = interceptFirstCommit(pg, real -> {
            long ours = Long.parseLong(xid(real));
            pg.stop(); // our session ends with it: the COMMIT below fails on the dead connection
            impostor[0] = PostgresServer.builder().port(pg.port()).build();
            try (Connection c = impostor[0].connect()) {
                abortedThere(c, ours); // the impostor would answer "aborted" for our id
            }
        });
        AtomicInteger bodies = new AtomicInteger();
        DatabaseResilience resilience = quickRetries(source);
        try {
            assertThatThrownBy(() -> resilience.inTransaction(c -> write(c, bodies, "acknowledged write")))
                    .isInstanceOfSatisfying(CommitOutcomeUnknownException.class,
                            e -> assertThat(e.getMessage()).contains("another server"));
            assertThat(bodies).as("never replayed on the other server").hasValue(1);
        } finally {
            if (impostor[0] != null) {
                impostor[0].close();
            }
            pg.start();
        }
    }

    @Test
    void aLostCommitOfATransactionWhoseOnlyEffectIsANotifyIsNeverReplayed(PostgresServer pg) throws Exception {
        try (Connection listener = pg.connect()) {
            try (Statement s = listener.createStatement()) {
                s.execute("listen verified_channel");
            }
            DataSource source = interceptFirstCommit(pg, real -> {
                assertThat(xid(real)).as("NOTIFY has no transaction id before COMMIT").isNull();
            }, CommitVerificationKnowsTheServerTest::loseTheAnswer);
            AtomicInteger bodies = new AtomicInteger();
            DatabaseResilience resilience = DatabaseResilience.builder(source)
                    .retry(RetryConfig.builder().retryDelay(Duration.ofMillis(10)).build()).build();

            assertThatThrownBy(() -> resilience.inTransaction(c -> {
                bodies.incrementAndGet();
                try (Statement s = c.createStatement()) {
                    s.execute("notify verified_channel, 'exactly once'");
                }
                return null;
            })).isInstanceOf(CommitOutcomeUnknownException.class);
            assertThat(bodies).hasValue(1);
            assertThat(notifications(listener)).as("delivered once, not replayed").isEqualTo(1);
        }
    }

    @Test
    void theServerIdentityIsRecordedForAPlainLoginRoleToo(PostgresServer pg) throws Exception {
        TestDatabases.run(pg, "drop role if exists plain_app", "create role plain_app login",
                "grant insert on verified to plain_app");
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", "plain_app");
        DataSource plainRole = new TestDatabases.UrlDataSource(pg.jdbcUrl(), props);
        AtomicInteger bodies = new AtomicInteger();
        DatabaseResilience resilience = DatabaseResilience.builder(plainRole).build();
        // the identity is read with the transaction id, inside the transaction: a refused function would fail it
        String written = resilience.inTransaction(c -> write(c, bodies, "by a plain role"));
        assertThat(written).isEqualTo("ok");
        try (Connection c = plainRole.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select (select system_identifier from pg_control_system()),"
                        + " (select timeline_id from pg_control_checkpoint()), pg_postmaster_start_time(),"
                        + " (select stats_reset from pg_stat_archiver),"
                        + " (select backend_start from pg_stat_activity where backend_type = 'checkpointer')")) {
            rs.next();
            for (int column = 1; column <= 4; column++) {
                assertThat(rs.getString(column)).as("identity part %d", column).isNotNull();
            }
            // why the checkpointer's start time (which an in-place restart also changes) is not used:
            assertThat(rs.getString(5)).as("hidden from roles without pg_read_all_stats").isNull();
        }
        assertThat(notes(pg)).containsExactly("by a plain role");
    }

    @Test
    void theServerIdentityIsReadOncePerPhysicalConnectionWithoutAnExtraRoundTrip(PostgresServer pg)
            throws Exception {
        List<String> prepared = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Connection physical = pg.connect()) {
            DataSource lendsOne = new DataSource() { // a user's pool: one physical connection, lent again and again
                @Override
                public Connection getConnection() {
                    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                                if (method.getName().equals("close")) {
                                    return null;
                                }
                                if (method.getName().equals("prepareStatement")) {
                                    prepared.add((String) args[0]);
                                }
                                try {
                                    return method.invoke(physical, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                }

                @Override public Connection getConnection(String u, String p) { return getConnection(); }
                @Override public PrintWriter getLogWriter() { return null; }
                @Override public void setLogWriter(PrintWriter out) { }
                @Override public void setLoginTimeout(int seconds) { }
                @Override public int getLoginTimeout() { return 0; }
                @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                    throw new SQLFeatureNotSupportedException();
                }
                @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("no"); }
                @Override public boolean isWrapperFor(Class<?> iface) { return false; }
            };
            DatabaseResilience resilience = DatabaseResilience.builder(lendsOne).build();
            AtomicInteger bodies = new AtomicInteger();
            for (int i = 0; i < 3; i++) {
                resilience.inTransaction(c -> write(c, bodies, "write"));
            }
        }
        assertThat(prepared).filteredOn(sql -> sql.contains("pg_current_xact_id_if_assigned")).hasSize(3);
        assertThat(prepared).filteredOn(sql -> sql.contains("pg_control_system")).as("identity read once")
                .hasSize(1);
        assertThat(prepared).filteredOn(sql -> sql.contains("pg_control_system"))
                .allMatch(sql -> sql.contains("pg_current_xact_id_if_assigned"), "in the same query as the id");
    }

    // ---- helpers

    private static DatabaseResilience quickRetries(DataSource source) {
        return DatabaseResilience.builder(source)
                .retry(RetryConfig.builder().retryDelay(Duration.ofMillis(10)).build()).build();
    }

    private static String write(Connection c, AtomicInteger bodies, String note) throws SQLException {
        bodies.incrementAndGet();
        try (PreparedStatement ps = c.prepareStatement("insert into verified values (?)")) {
            ps.setString(1, note);
            ps.executeUpdate();
        }
        return "ok";
    }

    /** The id assigned so far, or null (does not assign one). */
    private static String xid(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_current_xact_id_if_assigned()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Makes {@code xid} an aborted transaction on a fresh server whose counter is still below it. */
    private static void abortedThere(Connection c, long xid) throws SQLException {
        try (Statement s = c.createStatement()) {
            long next;
            do {
                try (ResultSet rs = s.executeQuery("select pg_current_xact_id()::text::bigint")) {
                    rs.next();
                    next = rs.getLong(1) + 1;
                }
            } while (next < xid);
            assertThat(next).as("the fresh server's counter had not passed our id").isEqualTo(xid);
            c.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery("select pg_current_xact_id()::text::bigint")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(xid);
            }
            c.rollback();
            c.setAutoCommit(true);
            try (ResultSet rs = s.executeQuery("select pg_xact_status('" + xid + "'::xid8)")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("aborted");
            }
        }
    }

    /** The COMMIT succeeds on the server, then the session is terminated: its answer is lost with it. */
    private static Object loseTheAnswer(Connection real, PostgresServer pg) throws Exception {
        int backend = real.unwrap(PGConnection.class).getBackendPID();
        real.commit();
        TestDatabases.run(pg, "select pg_terminate_backend(" + backend + ")");
        try (Statement s = real.createStatement()) {
            s.execute("select 1"); // the driver reports the terminated session, as it would have for the COMMIT
        }
        throw new AssertionError("the terminated session still answered");
    }

    private static int notifications(Connection listener) throws SQLException {
        int count = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(100);
            count += batch == null ? 0 : batch.length;
        }
        return count;
    }

    /**
     * Kills the backend of {@code real} and returns once the postmaster has restarted in place and accepts
     * connections again. A connection alone is no proof: one made before the postmaster reaps the killed backend
     * reaches the old incarnation, so this waits for the archiver statistics' reset time, which the restart renews.
     */
    private static void crashRestart(PostgresServer pg, Connection real) throws SQLException {
        String before = archiverReset(pg);
        int backend = real.unwrap(PGConnection.class).getBackendPID();
        ProcessHandle.of(backend).orElseThrow().destroyForcibly(); // SIGKILL of this one backend
        Await.until(WAIT, () -> {
            try {
                return !archiverReset(pg).equals(before);
            } catch (SQLException starting) {
                return false; // refused while it recovers
            }
        }, "the server to restart in place after its backend was killed");
    }

    private static String archiverReset(PostgresServer pg) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select stats_reset::text from pg_stat_archiver")) {
            rs.next();
            return String.valueOf(rs.getString(1));
        }
    }

    private static List<String> notes(PostgresServer pg) throws SQLException {
        List<String> notes = new ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select note from verified order by note")) {
            while (rs.next()) {
                notes.add(rs.getString(1));
            }
        }
        return notes;
    }

    /** What replaces the first COMMIT: given the real connection and the server, returns or throws as COMMIT. */
    @FunctionalInterface
    interface CommitReplacement {
        Object commit(Connection real, PostgresServer pg) throws Exception;
    }

    private static DataSource interceptFirstCommit(PostgresServer pg, BeforeCommit before) {
        return interceptFirstCommit(pg, before, (real, server) -> {
            real.commit(); // on the dead connection: the driver's own failure
            return null;
        });
    }

    /** Plain connections to {@code pg}, whose first COMMIT runs {@code before} and then {@code commit}. */
    private static DataSource interceptFirstCommit(PostgresServer pg, BeforeCommit before, CommitReplacement commit) {
        boolean[] done = {false};
        DataSource plain = TestDatabases.dataSource(pg, 0);
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                Connection real = plain.getConnection();
                return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("commit") && !done[0]) {
                                done[0] = true;
                                before.run(real);
                                return commit.commit(real, pg);
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override public Connection getConnection(String u, String p) throws SQLException { return getConnection(); }
            @Override public PrintWriter getLogWriter() { return null; }
            @Override public void setLogWriter(PrintWriter out) { }
            @Override public void setLoginTimeout(int seconds) { }
            @Override public int getLoginTimeout() { return 0; }
            @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException();
            }
            @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("no"); }
            @Override public boolean isWrapperFor(Class<?> iface) { return false; }
        };
    }
}
