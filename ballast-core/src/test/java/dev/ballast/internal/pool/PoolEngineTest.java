package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.internal.time.Clock;
import dev.ballast.internal.time.FakeClock;
import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolConfig;
import dev.ballast.pool.PoolConfigBuilder;
import dev.ballast.pool.PoolStats;
import dev.ballast.testing.Await;
import dev.ballast.testing.RecordingListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool engine over a fake driver: fast, deterministic checks of the borrow/return protocol. */
@SuppressWarnings("try") // resources held only for the duration of a block
class PoolEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FakeDriver driver = new FakeDriver();
    private final RecordingListener events = new RecordingListener();
    private final List<Pool> pools = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() throws InterruptedException {
        pools.forEach(Pool::close);
        threads.shutdownNow();
        assertThat(threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }

    private PoolConfigBuilder config(String name) {
        return PoolConfig.builder().jdbcUrl(FakeDriver.URL).driver(driver).poolName(name).minPoolSize(0)
                .maxPoolSize(4).connectionTimeout(Duration.ofSeconds(20)).shutdownTimeout(Duration.ofSeconds(5));
    }

    private Pool start(PoolConfigBuilder config, Clock clock) {
        if (clock != Clock.system()) {
            // On a fake clock no time passes while a borrower waits, so a tuned limit (below MaxPoolSize) would hold a
            // borrower beyond it forever: the stall that raises it is timed on the pool's clock (TunedPoolDemandTest)
            config.enablePoolAutoTuning(false);
        }
        Pool pool = Pool.start(config.build(), events, clock);
        pools.add(pool);
        return pool;
    }

    private Pool start(PoolConfigBuilder config) {
        return start(config, Clock.system());
    }

    @Test
    void startOpensTheMinimumAndReusesConnections() throws SQLException {
        Pool pool = start(config("min").minPoolSize(3));
        assertThat(driver.open()).isEqualTo(3);
        assertThat(pool.stats()).extracting(PoolStats::total, PoolStats::idle, PoolStats::used)
                .containsExactly(3, 3, 0);
        for (int i = 0; i < 100; i++) {
            pool.getConnection().close();
        }
        assertThat(driver.connects).hasValue(3);
        assertThat(events.borrowed).hasValue(100);
        assertThat(events.returned).hasValue(100);
    }

    @Test
    void aPoolStartedWhileTheDatabaseIsDownFillsItsMinimumOnceItIsBack() throws Exception {
        driver.failWith = new SQLException("connection refused", "08001");
        Pool pool = start(config("late").minPoolSize(2).maxConnectBackoff(Duration.ofMillis(200)));
        assertThat(pool.stats().total()).isZero();
        assertThat(pool.stats().connectionsFailed()).isPositive();
        driver.failWith = null;
        Await.until(WAIT, () -> pool.stats().idle() == 2, () -> "the minimum to be opened: " + pool.stats());
    }

    @Test
    void aClosedHandleRefusesEverythingButClose() throws SQLException {
        Pool pool = start(config("handle"));
        Connection c = pool.getConnection();
        c.close();
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class).hasMessage("Connection is closed")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08003");
        assertThatThrownBy(() -> c.setAutoCommit(false)).hasMessage("Connection is closed");
        assertThat(events.returned).hasValue(1);
        Connection again = pool.getConnection();
        assertThat(again).isNotSameAs(c);
        again.close();
        assertThat(driver.connects).hasValue(1);
    }

    @Test
    void waitersAreServedFirstComeFirstServed() throws Exception {
        assertGrantsInArrivalOrder(start(config("fifo").maxPoolSize(1)));
    }

    @Test
    void waitersAreServedFirstComeFirstServedWithStrictHandOff() throws Exception {
        assertGrantsInArrivalOrder(start(config("fifo-strict").maxPoolSize(1).fairnessThreshold(Duration.ZERO)));
    }

    @Test
    void waitersAreServedFirstComeFirstServedWhileNoneHasWaitedTheThreshold() throws Exception {
        // the fake clock never moves: every hand-off is "make idle and wake the oldest waiter", never direct
        assertGrantsInArrivalOrder(start(config("fifo-barging").maxPoolSize(1), new FakeClock()));
    }

    private void assertGrantsInArrivalOrder(Pool pool) throws Exception {
        Connection held = pool.getConnection();
        int waiters = 8;
        List<Integer> grants = new CopyOnWriteArrayList<>();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            int id = i;
            done.add(threads.submit(() -> {
                try (Connection c = pool.getConnection()) {
                    grants.add(id);
                }
                return null;
            }));
            Await.until(WAIT, () -> pool.stats().pending() == id + 1, () -> "waiter " + id + " to queue");
        }
        held.close();
        for (Future<?> f : done) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertThat(grants).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(driver.connects).hasValue(1);
    }

    @Test
    void aNewcomerDoesNotOvertakeAWaiter() throws Exception {
        Pool pool = start(config("barge").maxPoolSize(1).fairnessThreshold(Duration.ZERO));
        Connection held = pool.getConnection();
        CountDownLatch waiterGotIt = new CountDownLatch(1);
        CountDownLatch releaseWaiter = new CountDownLatch(1);
        Future<?> waiter = threads.submit(() -> {
            try (Connection c = pool.getConnection()) {
                waiterGotIt.countDown();
                releaseWaiter.await();
            }
            return null;
        });
        Await.until(WAIT, () -> pool.stats().pending() == 1, "the waiter to queue");
        held.close(); // goes straight to the waiter, never idle
        assertThat(waiterGotIt.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.stats().idle()).isZero();
        releaseWaiter.countDown();
        waiter.get(20, TimeUnit.SECONDS);
    }

    @Test
    void withAZeroThresholdANewcomerQueuesBehindAWaiter() throws Exception {
        assertNewcomerServedAfterWaiter(start(config("strict").maxPoolSize(1).fairnessThreshold(Duration.ZERO),
                new FakeClock()), null);
    }

    @Test
    void aWaiterPastTheThresholdIsServedBeforeANewcomer() throws Exception {
        FakeClock clock = new FakeClock();
        assertNewcomerServedAfterWaiter(start(config("starving").maxPoolSize(1), clock), clock);
    }

    /** A waiter queues; if {@code clock} is given it moves past the default 1 ms threshold; then a newcomer comes. */
    private void assertNewcomerServedAfterWaiter(Pool pool, FakeClock clock) throws Exception {
        Connection held = pool.getConnection();
        List<String> grants = new CopyOnWriteArrayList<>();
        Future<?> waiter = threads.submit(() -> {
            try (Connection c = pool.getConnection()) {
                grants.add("waiter");
            }
            return null;
        });
        Await.until(WAIT, () -> pool.stats().pending() == 1, "the waiter to queue");
        if (clock != null) {
            clock.advance(Duration.ofMillis(2));
        }
        Future<?> newcomer = threads.submit(() -> {
            try (Connection c = pool.getConnection()) {
                grants.add("newcomer");
            }
            return null;
        });
        Await.until(WAIT, () -> pool.stats().pending() == 2, "the newcomer to queue behind the waiter");
        held.close();
        waiter.get(20, TimeUnit.SECONDS);
        newcomer.get(20, TimeUnit.SECONDS);
        assertThat(grants).containsExactly("waiter", "newcomer");
        assertThat(driver.connects).hasValue(1);
    }

    @Test
    void belowTheThresholdARunningBorrowerMayTakeAnIdleConnectionAheadOfAWaiter() throws Exception {
        Pool pool = start(config("barging").maxPoolSize(1), new FakeClock());
        Connection held = pool.getConnection();
        Future<?> waiter = threads.submit(() -> {
            pool.getConnection().close();
            return null;
        });
        Await.until(WAIT, () -> pool.stats().pending() == 1, "the waiter to queue");
        // the waiter has not waited the threshold (the fake clock stands still): the newcomer is not made to queue,
        // and whoever gets the connection first, both are served
        held.close();
        pool.getConnection().close();
        waiter.get(20, TimeUnit.SECONDS);
        assertThat(pool.stats()).extracting(PoolStats::idle, PoolStats::pending).containsExactly(1, 0);
        assertThat(driver.connects).hasValue(1);
    }

    @Test
    void borrowTimeoutGivesThePoolStateAndTheLastConnectError() throws Exception {
        FakeClock clock = new FakeClock();
        Pool pool = start(config("timeout").maxPoolSize(2).connectionTimeout(Duration.ofMillis(200)), clock);
        Connection held = pool.getConnection();
        SQLException refused = new SQLException("connection refused", "08001");
        driver.failWith = refused;
        // a connection is borrowed and will come back: the borrower keeps its place instead of failing fast
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            try {
                pool.getConnection().close();
                return null;
            } catch (SQLException e) {
                return e;
            }
        }, threads);
        Await.until(WAIT, () -> pool.stats().pending() == 1 && pool.stats().connectionsFailed() > 0,
                () -> "the borrower to queue and a connect for it to fail: " + pool.stats());
        clock.advance(Duration.ofSeconds(1));
        Throwable e = failure.get(20, TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("Pool 'timeout': no connection available after 1000 ms")
                .hasMessageContaining("total=1, idle=0, used=1, waiting=")
                .hasMessageContaining("last connect error: connection refused")
                .hasCause(refused);
        assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"); // the connect error's own
        assertThat(pool.stats().timeouts()).isEqualTo(1);
        assertThat(events.timeouts).hasValue(1);
        held.close();
    }

    @Test
    void aSaturatedPoolTimesOutWithTheSaturationSqlState() throws Exception {
        FakeClock clock = new FakeClock();
        Pool pool = start(config("saturated").maxPoolSize(1).connectionTimeout(Duration.ofMillis(200)), clock);
        Connection held = pool.getConnection();
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            try {
                pool.getConnection().close();
                return null;
            } catch (SQLException e) {
                return e;
            }
        }, threads);
        Await.until(WAIT, () -> pool.stats().pending() == 1, "the borrower to queue");
        clock.advance(Duration.ofSeconds(1));
        Throwable e = failure.get(20, TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(SQLTransientConnectionException.class).hasNoCause()
                .hasMessageContaining("total=1, idle=0, used=1");
        assertThat(((SQLException) e).getSQLState()).isEqualTo(BallastPool.SATURATED_SQL_STATE);
        held.close();
    }

    @Test
    void anUnreachableDatabaseFailsBorrowersFastAndBacksOff() throws Exception {
        FakeClock clock = new FakeClock();
        Pool pool = start(config("down").connectionTimeout(Duration.ofSeconds(30)), clock);
        SQLException refused = new SQLException("connection refused", "08001");
        driver.failWith = refused;
        long t0 = System.nanoTime();
        assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class).hasCause(refused)
                .hasMessageContaining("cannot open a connection to the database, failing fast");
        int attempts = driver.connects.get();
        for (int i = 0; i < 20; i++) { // within the backoff window: no new attempt, immediate failure
            assertThatThrownBy(pool::getConnection).hasCause(refused);
        }
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(10));
        assertThat(driver.connects.get()).isEqualTo(attempts);
        driver.failWith = null;
        clock.advance(Duration.ofSeconds(5)); // backoff over
        try (Connection c = pool.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(pool.stats().connectionsFailed()).isEqualTo(attempts);
    }

    @Test
    void connectionAttemptsAreBoundedAndNeverExceedTheMaximum() throws Exception {
        Pool pool = start(config("bounded").maxPoolSize(5).maxConcurrentConnects(2));
        CountDownLatch gate = new CountDownLatch(1);
        driver.gate = gate;
        List<Future<?>> borrowers = new ArrayList<>();
        CountDownLatch allHold = new CountDownLatch(1);
        for (int i = 0; i < 12; i++) {
            borrowers.add(threads.submit(() -> {
                try (Connection c = pool.getConnection()) {
                    allHold.await(20, TimeUnit.SECONDS);
                }
                return null;
            }));
        }
        Await.until(WAIT, () -> pool.stats().pending() == 12, "12 borrowers to queue");
        Await.until(WAIT, () -> driver.connects.get() == 2, "two connect attempts");
        assertThat(pool.stats().opening()).isLessThanOrEqualTo(5);
        driver.gate = null;
        gate.countDown();
        // a new connection counts as used from the moment it is registered, a moment before its waiter is served
        Await.until(WAIT, () -> pool.stats().used() == 5 && pool.stats().pending() == 7,
                () -> "the pool to fill and five borrowers to be served: " + pool.stats());
        assertThat(driver.connects).hasValue(5);
        allHold.countDown();
        for (Future<?> f : borrowers) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertThat(driver.connects).hasValue(5);
        assertThat(pool.stats()).extracting(PoolStats::total, PoolStats::idle, PoolStats::pending)
                .containsExactly(5, 5, 0);
    }

    @Test
    void lifetimeIdleLifetimeAndTheMinimumAreMaintained() throws Exception {
        FakeClock clock = new FakeClock();
        Pool pool = start(config("maint").minPoolSize(1).maxPoolSize(3).connectionLifetime(Duration.ofMinutes(10))
                .connectionIdleLifetime(Duration.ofMinutes(1)).keepaliveInterval(Duration.ZERO), clock);
        List<Connection> three = List.of(pool.getConnection(), pool.getConnection(), pool.getConnection());
        for (Connection c : three) {
            c.close();
        }
        assertThat(pool.stats().idle()).isEqualTo(3);
        clock.advance(Duration.ofMinutes(2));
        Await.until(WAIT, () -> pool.stats().total() == 1, () -> "idle connections above the minimum to close, "
                + pool.stats());
        assertThat(events.closed(ConnectionCloseReason.IDLE)).isEqualTo(2);
        clock.advance(Duration.ofMinutes(10));
        Await.until(WAIT, () -> events.closed(ConnectionCloseReason.LIFETIME) == 1, "the last one to expire");
        Await.until(WAIT, () -> pool.stats().total() == 1, "the minimum to be restored");
        assertThat(driver.connects).hasValue(4);
    }

    @Test
    void aConnectionExpiredWhileBorrowedIsRetiredOnReturn() throws Exception {
        FakeClock clock = new FakeClock();
        Pool pool = start(config("expire").connectionLifetime(Duration.ofMinutes(10)), clock);
        Connection c = pool.getConnection();
        clock.advance(Duration.ofMinutes(11));
        c.close();
        assertThat(events.closed(ConnectionCloseReason.LIFETIME)).isEqualTo(1);
        assertThat(pool.stats().total()).isZero();
    }

    @Test
    void aConnectionIdleOverHalfASecondIsValidatedBeforeHandOut() throws Exception {
        FakeClock clock = new FakeClock();
        Pool pool = start(config("validate").keepaliveInterval(Duration.ZERO), clock);
        pool.getConnection().close();
        driver.connections.get(0).valid = false;
        clock.advance(Duration.ofMillis(400)); // within the bypass window: handed out unchecked
        pool.getConnection().close();
        assertThat(driver.connects).hasValue(1);
        clock.advance(Duration.ofMillis(600));
        try (Connection c = pool.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(events.closed(ConnectionCloseReason.VALIDATION_FAILED)).isEqualTo(1);
        assertThat(driver.connects).hasValue(2);
    }

    @Test
    void leaksAreReportedWithTheBorrowersStack() throws Exception {
        FakeClock clock = new FakeClock();
        Pool pool = start(config("leak").leakDetectionThreshold(Duration.ofSeconds(2)), clock);
        Connection c = pool.getConnection();
        clock.advance(Duration.ofSeconds(3));
        Await.until(WAIT, () -> events.leaks.size() == 1, "a leak report");
        Throwable site = events.leaks.get(0);
        assertThat(site.getStackTrace()).anyMatch(f -> f.getMethodName().equals("leaksAreReportedWithTheBorrowersStack"));
        clock.advance(Duration.ofSeconds(10));
        c.close();
        assertThat(events.leaks).hasSize(1); // reported once per borrow
    }

    @Test
    void evictAllRetiresIdleNowAndBorrowedOnReturn() throws Exception {
        Pool pool = start(config("evict").minPoolSize(2));
        Connection borrowed = pool.getConnection();
        pool.evictAll();
        assertThat(events.closed(ConnectionCloseReason.EVICTED)).isEqualTo(1);
        borrowed.close();
        assertThat(events.closed(ConnectionCloseReason.EVICTED)).isEqualTo(2);
        Await.until(WAIT, () -> pool.stats().total() == 2, "the minimum to be restored");
        assertThat(driver.connects).hasValue(4);
    }

    @Test
    void closeFailsWaitersRefusesBorrowsWaitsForBorrowedAndStopsItsThreads() throws Exception {
        Pool pool = start(config("shut").minPoolSize(1).maxPoolSize(1));
        Connection held = pool.getConnection();
        Future<Throwable> waiter = threads.submit(() -> {
            try {
                pool.getConnection().close();
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
        Await.until(WAIT, () -> pool.stats().pending() == 1, "the waiter to queue");
        Future<?> closing = threads.submit(pool::close);
        assertThat(waiter.get(20, TimeUnit.SECONDS)).isInstanceOf(SQLNonTransientConnectionException.class)
                .hasMessage("Pool 'shut' is closed");
        assertThatThrownBy(pool::getConnection).isInstanceOf(SQLNonTransientConnectionException.class);
        assertThat(closing.isDone()).isFalse(); // still waiting for the borrowed connection
        held.close();
        closing.get(20, TimeUnit.SECONDS);
        assertThat(driver.open()).isZero();
        assertThat(events.closed(ConnectionCloseReason.SHUTDOWN)).isEqualTo(1);
        assertThat(poolThreads("shut")).isEmpty();
    }

    @Test
    void closeGivesUpOnBorrowedConnectionsAfterTheShutdownTimeout() throws Exception {
        Pool pool = start(config("abandon").shutdownTimeout(Duration.ofMillis(100)));
        Connection leaked = pool.getConnection();
        pool.close();
        assertThat(driver.open()).isZero();
        assertThat(pool.stats().total()).isZero();
        leaked.close(); // the borrower comes back late: harmless
        assertThat(pool.stats().connectionsClosed()).isEqualTo(1);
    }

    @Test
    void theFatalErrorRuleDecidesWhatIsEvicted() throws Exception {
        Pool keeps = start(config("keeps"));
        try (Connection c = keeps.getConnection()) {
            assertThatThrownBy(() -> c.nativeSQL("XX000")).isInstanceOf(SQLException.class);
        }
        assertThatThrownBy(() -> {
            try (Connection c = keeps.getConnection()) {
                c.nativeSQL("08006");
            }
        }).isInstanceOf(SQLException.class);
        assertThat(events.closed(ConnectionCloseReason.EVICTED)).isEqualTo(1);
        Pool strict = start(config("strict").fatalErrors(e -> "XX000".equals(e.getSQLState())));
        try (Connection c = strict.getConnection()) {
            assertThatThrownBy(() -> c.nativeSQL("XX000")).isInstanceOf(SQLException.class);
        }
        assertThat(events.closed(ConnectionCloseReason.EVICTED)).isEqualTo(2);
    }

    @Test
    void returnRollsBackRestoresAutoCommitAndClearsWarningsOnAnyDriver() throws Exception {
        Pool pool = start(config("generic").maxPoolSize(1));
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
        }
        FakeDriver.FakeConnection physical = driver.connections.get(0);
        assertThat(physical.rollbacks).hasValue(1);
        assertThat(physical.autoCommit).isTrue();
        assertThat(physical.clearWarnings).hasValue(1);
        pool.getConnection().close(); // untouched: no rollback, but warnings are always cleared
        assertThat(physical.rollbacks).hasValue(1);
        assertThat(physical.clearWarnings).hasValue(2);
    }

    static List<String> poolThreads(String poolName) {
        String prefix = PoolThreads.prefix(poolName);
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) && t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
