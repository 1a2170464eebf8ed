package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.internal.pool.Pool;
import dev.ballast.internal.time.FakeClock;
import dev.ballast.testing.Await;
import dev.ballast.testing.RecordingListener;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** MinPoolSize as a floor, MaxPoolSize as a cap, idle lifetime and jittered lifetime, checked on the server. */
@WithPostgres
class PoolSizingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theMinimumIsOpenedAtStartAndRestoredAfterLosses(PostgresServer pg) throws Exception {
        RecordingListener events = new RecordingListener();
        try (BallastPool pool = BallastPool.start(config(pg, "floor").minPoolSize(3)
                .keepaliveInterval(Duration.ofMillis(300)).build(), events)) {
            assertThat(PgPools.backends(pg, "floor")).isEqualTo(3);
            assertThat(pool.stats()).extracting(PoolStats::total, PoolStats::idle).containsExactly(3, 3);
            List<Integer> before = PgPools.pids(pg, "floor");
            assertThat(PgPools.terminate(pg, "floor")).isEqualTo(3);
            Await.until(WAIT, () -> events.closed(ConnectionCloseReason.VALIDATION_FAILED) == 3,
                    "keepalive to find the three dead connections");
            Await.until(WAIT, () -> pool.stats().idle() == 3 && backends(pg, "floor") == 3,
                    () -> "the floor to be restored: " + pool.stats());
            assertThat(PgPools.pids(pg, "floor")).doesNotContainAnyElementsOf(before);
        }
    }

    @Test
    void theMaximumHoldsUnderSixtyConcurrentBorrowers(PostgresServer pg) throws Exception {
        int max = 10;
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger peakOnServer = new AtomicInteger();
        AtomicInteger peakInPool = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(61);
        try (BallastPool pool = BallastPool.start(config(pg, "cap").maxPoolSize(max)
                .connectionTimeout(Duration.ofSeconds(30)).build())) {
            Future<?> sampler = threads.submit(() -> {
                while (running.get()) {
                    peakOnServer.accumulateAndGet(PgPools.backends(pg, "cap"), Math::max);
                    peakInPool.accumulateAndGet(pool.stats().total(), Math::max);
                }
                return null;
            });
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> borrowers = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                borrowers.add(threads.submit(() -> {
                    go.await();
                    for (int k = 0; k < 5; k++) {
                        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                            s.execute("SELECT pg_sleep(0.01)");
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : borrowers) {
                f.get(120, TimeUnit.SECONDS);
            }
            running.set(false);
            sampler.get(30, TimeUnit.SECONDS);
            assertThat(peakOnServer.get()).isBetween(1, max);
            assertThat(peakInPool.get()).isBetween(1, max);
            assertThat(pool.stats().total()).isLessThanOrEqualTo(max);
            assertThat(pool.stats().connectionsCreated()).isLessThanOrEqualTo(max);
            assertThat(pool.stats().timeouts()).isZero();
        } finally {
            running.set(false);
            threads.shutdownNow();
        }
    }

    @Test
    void idleConnectionsAboveTheFloorCloseAfterTheIdleLifetime(PostgresServer pg) throws Exception {
        FakeClock clock = new FakeClock();
        RecordingListener events = new RecordingListener();
        // tuning off: on the fake clock no time passes while the fourth borrow waits above a tuned limit
        try (Pool pool = Pool.start(config(pg, "idle").minPoolSize(1).maxPoolSize(4).enablePoolAutoTuning(false)
                .connectionIdleLifetime(Duration.ofMinutes(1)).keepaliveInterval(Duration.ZERO).build(), events,
                clock)) {
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(pool.getConnection());
            }
            for (Connection c : held) {
                c.close();
            }
            assertThat(PgPools.backends(pg, "idle")).isEqualTo(4);
            clock.advance(Duration.ofSeconds(59));
            assertThat(pool.stats().total()).isEqualTo(4);
            clock.advance(Duration.ofSeconds(2));
            Await.until(WAIT, () -> pool.stats().total() == 1 && backends(pg, "idle") == 1,
                    () -> "idle connections above the floor to close: " + pool.stats());
            assertThat(events.closed(ConnectionCloseReason.IDLE)).isEqualTo(3);
        }
    }

    /**
     * The keepalive check of an idle connection is not a use. It once counted as one, so with the defaults (keepalive
     * every 120 s, idle lifetime 300 s) no idle connection ever reached its idle lifetime and a pool never shrank back
     * to MinPoolSize after a burst. Here the same shape, shortened: keepalive every 200 ms, idle lifetime 2 s.
     */
    @Test
    void idleConnectionsAboveTheFloorCloseAfterTheIdleLifetimeThoughTheKeepaliveChecksThemMeanwhile(PostgresServer pg)
            throws Exception {
        Duration idleLifetime = Duration.ofSeconds(2);
        RecordingListener events = new RecordingListener();
        try (BallastPool pool = BallastPool.start(config(pg, "idle-kept").minPoolSize(1).maxPoolSize(4)
                .connectionIdleLifetime(idleLifetime).keepaliveInterval(Duration.ofMillis(200)).build(), events)) {
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(pool.getConnection());
            }
            for (Connection c : held) {
                c.close();
            }
            long returned = System.nanoTime();
            Await.until(WAIT, () -> pool.stats().total() == 1 && backends(pg, "idle-kept") == 1,
                    () -> "idle connections above the floor to close: " + pool.stats());
            assertThat(Duration.ofNanos(System.nanoTime() - returned)).as("not before their idle lifetime")
                    .isGreaterThanOrEqualTo(idleLifetime);
            assertThat(events.closed(ConnectionCloseReason.IDLE)).isEqualTo(3);
            assertThat(events.closed(ConnectionCloseReason.VALIDATION_FAILED)).isZero();
        }
    }

    @Test
    void lifetimesAreJitteredSoConnectionsDoNotExpireTogether(PostgresServer pg) throws Exception {
        FakeClock clock = new FakeClock();
        RecordingListener events = new RecordingListener();
        int n = 16;
        // tuning off: on the fake clock no time passes while a borrow waits above a tuned limit
        try (Pool pool = Pool.start(config(pg, "jitter").maxPoolSize(n).enablePoolAutoTuning(false)
                .connectionLifetime(Duration.ofMinutes(10))
                .connectionIdleLifetime(Duration.ZERO).keepaliveInterval(Duration.ZERO).build(), events, clock)) {
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                held.add(pool.getConnection());
            }
            for (Connection c : held) {
                c.close();
            }
            clock.advance(Duration.ofSeconds(539)); // jitter takes off at most 10%: nobody expires before 9 minutes
            Await.until(WAIT, () -> pool.stats().idle() == n, "all idle");
            assertThat(events.closed(ConnectionCloseReason.LIFETIME)).isZero();
            clock.advance(Duration.ofSeconds(31)); // 9.5 minutes: some expired, some not
            Await.until(WAIT, () -> events.closed(ConnectionCloseReason.LIFETIME) > 0, "some to expire");
            assertThat(pool.stats().total()).isPositive();
            clock.advance(Duration.ofSeconds(31)); // past 10 minutes: all expired
            Await.until(WAIT, () -> events.closed(ConnectionCloseReason.LIFETIME) == n, "all to expire");
            Await.until(WAIT, () -> backends(pg, "jitter") == 0, "their backends to go");
        }
    }

    static int backends(PostgresServer pg, String app) {
        try {
            return PgPools.backends(pg, app);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
