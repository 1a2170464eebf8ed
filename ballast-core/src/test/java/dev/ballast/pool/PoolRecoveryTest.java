package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static dev.ballast.pool.PgPools.one;
import static dev.ballast.pool.PgPools.pid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.internal.pool.Pool;
import dev.ballast.internal.time.FakeClock;
import dev.ballast.testing.Await;
import dev.ballast.testing.RecordingListener;
import dev.ballast.testkit.FaultProxy;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/** Restarts, terminated backends, evictions and outages against a real server. */
@WithPostgres
@SuppressWarnings("try") // resources held only for the duration of a block
class PoolRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterEach
    void serverBackUp(PostgresServer pg) {
        pg.start();
    }

    @Test
    void afterAServerRestartNoBorrowerGetsADeadConnection(PostgresServer pg) throws Exception {
        FakeClock clock = new FakeClock();
        RecordingListener events = new RecordingListener();
        try (Pool pool = Pool.start(config(pg, "restart").minPoolSize(3).build(), events, clock)) {
            assertThat(pool.stats().idle()).isEqualTo(3);
            pg.restart();
            clock.advance(Duration.ofSeconds(1)); // the idle connections have been idle for over 500 ms
            for (int i = 0; i < 20; i++) {
                try (Connection c = pool.getConnection()) {
                    assertThat(one(c, "SELECT 1")).isEqualTo("1");
                }
            }
            assertThat(events.closed(ConnectionCloseReason.VALIDATION_FAILED)).isEqualTo(3);
        }
    }

    @Test
    void aConnectionThatRaisedAFatalErrorIsDestroyedNotReused(PostgresServer pg) throws Exception {
        RecordingListener events = new RecordingListener();
        try (BallastPool pool = BallastPool.start(config(pg, "fatal").maxPoolSize(1).build(), events)) {
            int victim;
            try (Connection c = pool.getConnection()) {
                victim = pid(c);
                try (Connection admin = pg.connect(); Statement s = admin.createStatement()) {
                    s.execute("SELECT pg_terminate_backend(" + victim + ")");
                }
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> one(c, "SELECT 1"));
                assertThat(e.getSQLState()).matches("57P01|08006|08003");
            }
            assertThat(events.closed(ConnectionCloseReason.EVICTED)).isEqualTo(1);
            assertThat(pool.stats().total()).isZero();
            try (Connection c = pool.getConnection()) { // within 500 ms of the return: only eviction protects us
                assertThat(pid(c)).isNotEqualTo(victim);
            }
        }
    }

    @Test
    void evictAllRetiresIdleConnectionsAtOnceAndBorrowedOnesOnReturn(PostgresServer pg) throws Exception {
        RecordingListener events = new RecordingListener();
        try (BallastPool pool = BallastPool.start(config(pg, "evict").minPoolSize(3).build(), events)) {
            Set<Integer> before = new HashSet<>(PgPools.pids(pg, "evict"));
            Connection borrowed = pool.getConnection();
            int borrowedPid = pid(borrowed);
            pool.evictAll();
            assertThat(events.closed(ConnectionCloseReason.EVICTED)).isEqualTo(2);
            assertThat(one(borrowed, "SELECT 1")).isEqualTo("1"); // soft for the borrower
            borrowed.close();
            assertThat(events.closed(ConnectionCloseReason.EVICTED)).isEqualTo(3);
            Await.until(WAIT, () -> pool.stats().idle() == 3, "the minimum to be reopened");
            Set<Integer> after = new HashSet<>(PgPools.pids(pg, "evict"));
            assertThat(after).hasSize(3).doesNotContainAnyElementsOf(before).doesNotContain(borrowedPid);
        }
    }

    @Test
    void whenTheServerIsDownBorrowersFailFastAndRecoverWhenItReturns(PostgresServer pg) throws Exception {
        checkOutage(pg, "stopped", pg.jdbcUrl(), pg::stop, pg::start);
    }

    @Test
    void whenConnectionsAreRefusedBorrowersFailFastAndRecover(PostgresServer pg) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(pg)) {
            checkOutage(pg, "refused", proxy.jdbcUrl("postgres"), proxy::refuse, proxy::heal);
        }
    }

    private void checkOutage(PostgresServer pg, String name, String url, Runnable breakIt, Runnable healIt)
            throws Exception {
        RecordingListener events = new RecordingListener();
        ExecutorService threads = Executors.newFixedThreadPool(12);
        try (BallastPool pool = BallastPool.start(config(pg, name).jdbcUrl(url).maxPoolSize(8)
                .connectionTimeout(Duration.ofSeconds(20)).maxConnectBackoff(Duration.ofMillis(500)).build(), events)) {
            pool.getConnection().close();
            breakIt.run();
            pool.evictAll();
            long t0 = System.nanoTime();
            List<Future<Throwable>> borrowers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                borrowers.add(threads.submit(() -> {
                    try (Connection c = pool.getConnection()) {
                        return null;
                    } catch (SQLException e) {
                        return e;
                    }
                }));
            }
            for (Future<Throwable> f : borrowers) {
                Throwable e = f.get(30, TimeUnit.SECONDS);
                assertThat(e).isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("failing fast").hasCauseInstanceOf(PSQLException.class);
                assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("08001");
            }
            // well before the 20 s connection timeout, and without a storm of connection attempts: one before the
            // outage, then a couple per backoff wave (12 borrowers, 8 allowed connections, 2 connector threads)
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(events.opening.get()).isLessThanOrEqualTo(6);
            healIt.run();
            Await.until(WAIT, () -> borrows(pool), "a borrow to succeed once the database is back");
            assertThat(pool.stats().connectionsFailed()).isPositive();
        } finally {
            threads.shutdownNow();
        }
    }

    private static boolean borrows(BallastPool pool) {
        try (Connection c = pool.getConnection()) {
            return c.isValid(5);
        } catch (SQLException fastFailureWhileBackingOff) {
            return false;
        }
    }
}
