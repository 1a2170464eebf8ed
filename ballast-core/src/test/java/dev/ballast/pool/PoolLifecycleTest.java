package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static dev.ballast.pool.PgPools.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.testing.Await;
import dev.ballast.testing.RecordingListener;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fair grants, borrow timeouts, leak reports and shutdown, on real connections. */
@WithPostgres
@SuppressWarnings("try") // resources held only for the duration of a block
class PoolLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void waitersAreGrantedInArrivalOrder(PostgresServer pg) throws Exception {
        try (BallastPool pool = BallastPool.start(config(pg, "fair").maxPoolSize(1).build())) {
            Connection held = pool.getConnection();
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<Future<?>> waiters = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int id = i;
                waiters.add(threads.submit(() -> {
                    try (Connection c = pool.getConnection()) {
                        order.add(id);
                        one(c, "SELECT 1");
                    }
                    return null;
                }));
                Await.until(WAIT, () -> pool.stats().pending() == id + 1, () -> "waiter " + id + " to queue");
            }
            held.close();
            for (Future<?> w : waiters) {
                w.get(30, TimeUnit.SECONDS);
            }
            assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void aBorrowTimeoutSaysWhatThePoolWasDoing(PostgresServer pg) throws Exception {
        RecordingListener events = new RecordingListener();
        try (BallastPool pool = BallastPool.start(config(pg, "busy").maxPoolSize(2)
                .connectionTimeout(Duration.ofMillis(300)).build(), events);
                Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageStartingWith("Pool 'busy': no connection available after")
                    .hasMessageContaining("total=2, idle=0, used=2, waiting=0, max=2")
                    .hasNoCause();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(250), WAIT);
            assertThat(pool.stats().timeouts()).isEqualTo(1);
            assertThat(events.timeouts).hasValue(1);
        }
    }

    @Test
    void aLeakIsReportedWithTheBorrowersStackTrace(PostgresServer pg) throws Exception {
        RecordingListener events = new RecordingListener();
        try (BallastPool pool = BallastPool.start(config(pg, "leaky")
                .leakDetectionThreshold(Duration.ofMillis(200)).build(), events)) {
            Connection forgotten = borrowAndForget(pool);
            Await.until(WAIT, () -> !events.leaks.isEmpty(), "a leak report");
            assertThat(events.leaks.get(0).getStackTrace())
                    .anyMatch(frame -> frame.getMethodName().equals("borrowAndForget"));
            forgotten.close();
            try (Connection c = pool.getConnection()) {
                assertThat(one(c, "SELECT 1")).isEqualTo("1");
            }
            assertThat(events.leaks).hasSize(1);
        }
    }

    private static Connection borrowAndForget(BallastPool pool) throws SQLException {
        return pool.getConnection();
    }

    @Test
    void closeRefusesBorrowsWaitsForBorrowedConnectionsAndLeavesNothingBehind(PostgresServer pg) throws Exception {
        RecordingListener events = new RecordingListener();
        BallastPool pool = BallastPool.start(config(pg, "closing").minPoolSize(2).build(), events);
        Connection borrowed = pool.getConnection();
        assertThat(PgPools.poolThreads("closing")).isNotEmpty();
        Future<?> closing = threads.submit(pool::close);
        Await.until(WAIT, pool::isClosed, "close to start");
        assertThatThrownBy(pool::getConnection).isInstanceOf(SQLNonTransientConnectionException.class)
                .hasMessage("Pool 'closing' is closed");
        Await.until(WAIT, () -> pool.stats().total() == 1, "the idle connection to close");
        assertThat(closing.isDone()).isFalse();
        assertThat(one(borrowed, "SELECT 1")).isEqualTo("1"); // the borrower may finish its work
        borrowed.close();
        closing.get(30, TimeUnit.SECONDS);
        assertThat(pool.stats().total()).isZero();
        assertThat(events.closed(ConnectionCloseReason.SHUTDOWN)).isEqualTo(2);
        assertThat(PgPools.backends(pg, "closing")).isZero();
        assertThat(PgPools.poolThreads("closing")).isEmpty();
        pool.close(); // idempotent
    }
}
