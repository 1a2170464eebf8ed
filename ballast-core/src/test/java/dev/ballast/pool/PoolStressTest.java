package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Many threads borrowing, failing, evicting and returning while the server restarts twice and its backends are terminated twice: afterwards every
 * connection is back, the statistics add up, and the server agrees on how many sessions the pool holds.
 */
@WithPostgres
class PoolStressTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void survivesRestartsUnderLoadWithoutLeakingConnections(PostgresServer pg) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS stress (id bigserial PRIMARY KEY, n int)");
        }
        RecordingListener events = new RecordingListener();
        AtomicLong ops = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong successes = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        int workers = 16;
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        try (BallastPool pool = BallastPool.start(config(pg, "stress").minPoolSize(2).maxPoolSize(8)
                .connectionTimeout(Duration.ofSeconds(5)).maxConnectBackoff(Duration.ofMillis(300)).build(), events)) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                running.add(threads.submit(() -> {
                    while (!done.get()) {
                        try {
                            work(pool);
                            successes.incrementAndGet();
                        } catch (SQLException expectedDuringRestarts) {
                            failures.incrementAndGet();
                        }
                        ops.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (int restart = 0; restart < 2; restart++) {
                long target = ops.get() + 300;
                Await.until(WAIT, () -> ops.get() >= target, "work before a restart");
                pg.restart();
                long more = ops.get() + 300;
                Await.until(WAIT, () -> ops.get() >= more, "work before terminating backends");
                pg.terminateAllBackends(); // as an administrator or a failover would, mid-query
            }
            long target = successes.get() + 600;
            Await.until(WAIT, () -> successes.get() >= target, "the pool to serve again after the disruptions");
            done.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }

            Await.until(WAIT, () -> pool.stats().opening() == 0, "connection attempts to settle");
            PoolStats s = pool.stats();
            assertThat(s.used()).as("nothing still borrowed: %s", s).isZero();
            assertThat(s.pending()).isZero();
            assertThat(s.total()).isEqualTo(s.idle()).isBetween(2, 8);
            assertThat(s.connectionsCreated() - s.connectionsClosed()).as("created - closed = open: %s", s)
                    .isEqualTo(s.total());
            assertThat(events.opened.get()).isEqualTo(s.connectionsCreated());
            assertThat(events.borrowed.get()).isEqualTo(events.returned.get());
            assertThat(failures.get()).as("restarts were felt").isPositive();
            Await.until(WAIT, () -> PoolSizingTest.backends(pg, "stress") == pool.stats().total(),
                    () -> "the server to agree with " + pool.stats());
            List<Connection> all = new ArrayList<>(); // and every pooled connection works
            for (int i = 0; i < 8; i++) {
                all.add(pool.getConnection());
            }
            for (Connection c : all) {
                assertThat(PgPools.one(c, "SELECT 1")).isEqualTo("1");
                c.close();
            }
        } finally {
            done.set(true);
            threads.shutdownNow();
        }
        // close() has sent every backend its Terminate; the server retires them on its own schedule
        Await.until(WAIT, () -> PoolSizingTest.backends(pg, "stress") == 0, "the server to see every pooled backend gone");
    }

    private static void work(BallastPool pool) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int action = random.nextInt(100);
        try (Connection c = pool.getConnection()) {
            if (action < 50) {
                PgPools.one(c, "SELECT 1");
            } else if (action < 70) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO stress(n) VALUES (" + action + ")");
                }
                if (action % 2 == 0) {
                    c.commit();
                } // else: left open, rolled back by the pool
            } else if (action < 80) {
                Statement leftOpen = c.createStatement();
                leftOpen.executeQuery("SELECT pg_sleep(0.002)");
            } else if (action < 90) {
                c.setReadOnly(true);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                PgPools.one(c, "SELECT count(*) FROM stress");
            } else if (action < 98) {
                PgPools.one(c, "SELECT 1/0"); // an ordinary error: the connection stays
            } else {
                pool.evictAll();
            }
        } catch (SQLException e) {
            if (!"22012".equals(e.getSQLState())) {
                throw e;
            }
        }
    }
}
