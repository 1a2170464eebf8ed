package dev.ballast.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.internal.resilience.RecordingListener;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's real-database tests 3, 5, 6 and 7 against an embedded PostgreSQL, through a plain (non-pooling) pgjdbc
 * data source: every attempt opens a fresh connection, which is what the pool will hand out after an eviction.
 */
@WithPostgres
class RealDatabaseResilienceTest {

    private static final long WAIT = 60;
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    private static final RetryConfig FAST_RETRY = RetryConfig.builder().retryCount(5)
            .retryDelay(Duration.ofMillis(20)).maxRetryDelay(Duration.ofMillis(200)).build();

    @BeforeAll
    static void schema(PostgresServer pg) throws SQLException {
        TestDatabases.run(pg,
                "create table accounts (id int primary key, balance int not null)",
                "create table counters (id int primary key, value int not null)",
                "create table unique_things (name text primary key)",
                "create table terminated_writes (seq bigserial primary key, client int not null)",
                // Lost COMMIT answers: a deferred constraint trigger makes COMMIT itself slow on the server.
                "create table lost_commit (id int primary key, mode text not null)",
                "create sequence lost_commit_aborts",
                "create function slow_commit() returns trigger language plpgsql as $$ begin"
                        + " if new.mode = 'commits' then perform pg_sleep(3);"
                        + " elsif new.mode = 'aborts' and nextval('lost_commit_aborts') = 1 then"
                        + "   perform pg_sleep(3); raise exception 'aborted at commit';"
                        + " elsif new.mode = 'undecided' then perform pg_sleep(4);"
                        + " end if; return null; end $$",
                "create constraint trigger slow_commit after insert on lost_commit deferrable initially deferred"
                        + " for each row execute function slow_commit()");
    }

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    private static DatabaseResilience resilience(DataSource ds, RecordingListener listener) {
        return DatabaseResilience.builder(ds).retry(FAST_RETRY).listener(listener).build();
    }

    // ---- 3. All backends terminated: the calls in flight are replayed on fresh connections, the next ones succeed.

    @Test
    void allBackendsTerminatedInFlightCallsAreReplayedAndNextCallsSucceed(PostgresServer pg) throws Exception {
        RecordingListener listener = new RecordingListener();
        DatabaseResilience db = resilience(TestDatabases.dataSource(pg, 0), listener);
        int clients = 6;
        CountDownLatch inside = new CountDownLatch(clients);
        CountDownLatch terminated = new CountDownLatch(1);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            AtomicInteger attempt = new AtomicInteger();
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return db.inTransaction(c -> {
                        insert(c, "insert into terminated_writes(client) values (?)", client);
                        if (attempt.incrementAndGet() == 1) {
                            inside.countDown();
                            await(terminated);
                        }
                        insert(c, "insert into terminated_writes(client) values (?)", client + 100);
                        return attempt.get();
                    });
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, THREADS));
        }
        assertThat(inside.await(WAIT, TimeUnit.SECONDS)).isTrue();
        assertThat(pg.terminateAllBackends()).isGreaterThanOrEqualTo(clients);
        terminated.countDown();
        for (CompletableFuture<Integer> call : calls) {
            assertThat(call.get(WAIT, TimeUnit.SECONDS)).as("attempts").isEqualTo(2);
        }
        assertThat(TestDatabases.number(pg, "select count(*) from terminated_writes")).isEqualTo(2L * clients);
        assertThat(TestDatabases.number(pg, "select count(distinct client) from terminated_writes"))
                .isEqualTo(2L * clients);
        assertThat(listener.events("attempt inTransaction 1")).hasSize(clients)
                .allSatisfy(e -> assertThat(e).matches("attempt inTransaction 1 (57P01|08006|08003)"));
        // And the next calls simply succeed.
        int next = db.withConnection(c -> 1 + single(c, "select 1"));
        assertThat(next).isEqualTo(2);
        assertThat(db.circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    // ---- 5. A real deadlock (40P01) and a real serialization failure (40001): replayed whole, final state correct.

    @Test
    void aRealDeadlockIsReplayedWhole(PostgresServer pg) throws Exception {
        TestDatabases.run(pg, "insert into accounts values (1, 100), (2, 100)");
        RecordingListener listener = new RecordingListener();
        DatabaseResilience db = resilience(TestDatabases.dataSource(pg, 0), listener);
        CyclicBarrier bothLocked = new CyclicBarrier(2);
        AtomicInteger bodies = new AtomicInteger();
        CompletableFuture<Void> oneToTwo = CompletableFuture.runAsync(() -> transfer(db, 1, 2, 10, bothLocked,
                bodies), THREADS);
        CompletableFuture<Void> twoToOne = CompletableFuture.runAsync(() -> transfer(db, 2, 1, 30, bothLocked,
                bodies), THREADS);
        oneToTwo.get(WAIT, TimeUnit.SECONDS);
        twoToOne.get(WAIT, TimeUnit.SECONDS);
        assertThat(bodies).hasValue(3); // two transfers, one of them replayed once
        assertThat(listener.events("attempt")).filteredOn(e -> e.endsWith("40P01")).hasSize(1);
        assertThat(TestDatabases.number(pg, "select balance from accounts where id = 1")).isEqualTo(120);
        assertThat(TestDatabases.number(pg, "select balance from accounts where id = 2")).isEqualTo(80);
    }

    private static void transfer(DatabaseResilience db, int from, int to, int amount, CyclicBarrier bothLocked,
            AtomicInteger bodies) {
        AtomicInteger attempt = new AtomicInteger();
        try {
            db.inTransaction(c -> {
                bodies.incrementAndGet();
                try (Statement s = c.createStatement()) {
                    s.execute("set local deadlock_timeout = '100ms'");
                }
                update(c, "update accounts set balance = balance - ? where id = ?", amount, from);
                if (attempt.incrementAndGet() == 1) {
                    await(bothLocked); // each holds its first row: the second updates deadlock
                }
                update(c, "update accounts set balance = balance + ? where id = ?", amount, to);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRealSerializationFailureIsReplayedWhole(PostgresServer pg) throws Exception {
        TestDatabases.run(pg, "insert into counters values (1, 0)");
        RecordingListener listener = new RecordingListener();
        DatabaseResilience db = resilience(TestDatabases.dataSource(pg, 0), listener);
        TransactionOptions serializable = TransactionOptions.builder()
                .isolation(Connection.TRANSACTION_SERIALIZABLE).build();
        CyclicBarrier bothRead = new CyclicBarrier(2);
        AtomicInteger bodies = new AtomicInteger();
        List<CompletableFuture<Integer>> increments = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            AtomicInteger attempt = new AtomicInteger();
            increments.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return db.inTransaction(serializable, c -> {
                        bodies.incrementAndGet();
                        int value = single(c, "select value from counters where id = 1");
                        if (attempt.incrementAndGet() == 1) {
                            await(bothRead); // both read 0: a read-modify-write race
                        }
                        update(c, "update counters set value = ? where id = ?", value + 1, 1);
                        return value + 1;
                    });
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, THREADS));
        }
        List<Integer> results = new ArrayList<>();
        for (CompletableFuture<Integer> f : increments) {
            results.add(f.get(WAIT, TimeUnit.SECONDS));
        }
        assertThat(results).containsExactlyInAnyOrder(1, 2);
        assertThat(bodies).hasValue(3);
        assertThat(listener.events("attempt")).filteredOn(e -> e.endsWith("40001")).hasSize(1);
        assertThat(TestDatabases.number(pg, "select value from counters where id = 1")).isEqualTo(2); // no lost update
    }

    // ---- 6. Lost COMMIT answer: the client gives up during COMMIT while the server finishes it.

    @Test
    void aLostCommitAnswerThatCommittedIsReturnedNotReplayed(PostgresServer pg) throws Exception {
        RecordingListener listener = new RecordingListener();
        DatabaseResilience db = resilience(TestDatabases.dataSource(pg, 1), listener); // socketTimeout 1 s < 3 s
        AtomicInteger bodies = new AtomicInteger();
        String result = db.inTransaction(c -> {
            bodies.incrementAndGet();
            insert(c, "insert into lost_commit values (?, 'commits')", 1);
            return "written";
        });
        assertThat(result).isEqualTo("written");
        assertThat(bodies).hasValue(1);
        assertThat(listener.events("attempt")).containsExactly("attempt inTransaction 1 ok");
        assertThat(TestDatabases.number(pg, "select count(*) from lost_commit where id = 1")).isEqualTo(1);
    }

    @Test
    void aLostCommitAnswerThatAbortedIsReplayed(PostgresServer pg) throws Exception {
        RecordingListener listener = new RecordingListener();
        DatabaseResilience db = resilience(TestDatabases.dataSource(pg, 1), listener);
        AtomicInteger bodies = new AtomicInteger();
        db.inTransaction(c -> {
            bodies.incrementAndGet();
            insert(c, "insert into lost_commit values (?, 'aborts')", 2);
            return null;
        });
        assertThat(bodies).hasValue(2);
        assertThat(listener.events("attempt")).containsExactly("attempt inTransaction 1 08006",
                "attempt inTransaction 2 ok");
        assertThat(TestDatabases.number(pg, "select count(*) from lost_commit where id = 2")).isEqualTo(1);
    }

    @Test
    void aCommitStillUndecidedAfterTheBoundIsReportedAndNeverReplayed(PostgresServer pg) throws Exception {
        DatabaseResilience db = DatabaseResilience.builder(TestDatabases.dataSource(pg, 1)).retry(FAST_RETRY)
                .commitVerificationTimeout(Duration.ofMillis(500)).build();
        AtomicInteger bodies = new AtomicInteger();
        String[] xid = new String[1];
        assertThatThrownBy(() -> db.inTransaction(c -> {
            bodies.incrementAndGet();
            insert(c, "insert into lost_commit values (?, 'undecided')", 3);
            return null;
        })).isInstanceOfSatisfying(CommitOutcomeUnknownException.class, e -> {
            assertThat(e.transactionId()).isNotBlank();
            xid[0] = e.transactionId();
        });
        assertThat(bodies).hasValue(1);
        // The caller can settle it: wait for the transaction to end (its lock), then ask.
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("lock table lost_commit in share mode");
            c.commit();
            c.setAutoCommit(true);
            assertThat(status(c, xid[0])).isEqualTo("committed");
        }
        assertThat(TestDatabases.number(pg, "select count(*) from lost_commit where id = 3")).isEqualTo(1);
    }

    // ---- 7. A unique violation: thrown on the first attempt, nothing retried.

    @Test
    void aUniqueViolationIsThrownOnTheFirstAttempt(PostgresServer pg) throws Exception {
        RecordingListener listener = new RecordingListener();
        DatabaseResilience db = resilience(TestDatabases.dataSource(pg, 0), listener);
        db.inTransaction(c -> insert(c, "insert into unique_things values (?)", "printer"));
        AtomicInteger bodies = new AtomicInteger();
        assertThatThrownBy(() -> db.inTransaction(c -> {
            bodies.incrementAndGet();
            return insert(c, "insert into unique_things values (?)", "printer");
        })).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
        assertThat(bodies).hasValue(1);
        assertThat(listener.events()).containsExactly("attempt inTransaction 1 ok", "attempt inTransaction 1 23505");
        assertThat(TestDatabases.number(pg, "select count(*) from unique_things")).isEqualTo(1);
    }

    // ---- helpers

    private static int insert(Connection c, String sql, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, value);
            return ps.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, int a, int b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, a);
            ps.setInt(2, b);
            ps.executeUpdate();
        }
    }

    private static int single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String status(Connection c, String xid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_xact_status(cast(? as xid8))")) {
            ps.setString(1, xid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out waiting for the test");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(WAIT, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
