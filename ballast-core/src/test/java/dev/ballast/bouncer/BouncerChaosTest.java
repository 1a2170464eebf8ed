package dev.ballast.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.testkit.PgBouncer;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chaos window through a transaction-mode PgBouncer: writers run whole transactions through
 * {@code DatabaseResilience.inTransaction} while the bouncer is restarted and paused. Every acknowledged write must be
 * stored exactly once, and nothing must be stored twice.
 */
@WithPostgres
class BouncerChaosTest {

    private static final int WRITERS = 6;

    @BeforeAll
    static void requirePgBouncer(PostgresServer pg) throws SQLException {
        assumeTrue(PgBouncer.isInstalled(), PgBouncer.NOT_INSTALLED);
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS chaos (writer int, seq int)");
        }
    }

    @Test
    void restartAndPauseUnderLoadLoseAndDuplicateNothing(PostgresServer pg) throws Exception {
        try (PgBouncer bouncer = PgBouncer.builder(pg).poolMode(PgBouncer.PoolMode.TRANSACTION)
                .setting("default_pool_size", "4").build();
                Ballast db = Ballast.start(DatabaseOptions.builder().url(bouncer.jdbcUrl())
                        .username(bouncer.username()).password(bouncer.password())
                        .pgBouncerPoolMode(PgBouncerPoolMode.TRANSACTION).minPoolSize(0).maxPoolSize(WRITERS)
                        .retryCount(8).retryDelay(Duration.ofMillis(50)).maxRetryDelay(Duration.ofMillis(500))
                        .circuitBreakerThreshold(1000).connectionTimeout(Duration.ofSeconds(20)).build())) {
            Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int seq = 0; !stop.get(); seq++) {
                        int s = seq;
                        try {
                            db.resilience().inTransaction(c -> {
                                try (PreparedStatement ins = c.prepareStatement(
                                        "INSERT INTO chaos (writer, seq) VALUES (?, ?)")) {
                                    ins.setInt(1, writer);
                                    ins.setInt(2, s);
                                    return ins.executeUpdate();
                                }
                            });
                            acknowledged.add(key(writer, s));
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }
                }));
            }
            try {
                awaitAcknowledged(acknowledged, 200);
                bouncer.restart();
                awaitAcknowledged(acknowledged, acknowledged.size() + 200);
                bouncer.pause();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (waiting(bouncer) == 0 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
                bouncer.resume();
                awaitAcknowledged(acknowledged, acknowledged.size() + 200);
                bouncer.restart();
                awaitAcknowledged(acknowledged, acknowledged.size() + 200);
            } finally {
                stop.set(true);
                for (Future<?> f : writers) {
                    f.get(60, TimeUnit.SECONDS);
                }
                pool.shutdownNow();
            }
            List<Long> stored = stored(pg);
            System.out.printf("bouncer chaos: acknowledged=%d stored=%d caller errors=%d%n", acknowledged.size(),
                    stored.size(), errors.size());
            assertThat(stored).as("nothing stored twice").doesNotHaveDuplicates();
            assertThat(stored).as("every acknowledged write stored").containsAll(acknowledged);
            assertThat(stored.size()).as("stored only what was acknowledged or failed visibly")
                    .isLessThanOrEqualTo(acknowledged.size() + errors.size());
            assertThat(errors).as("errors seen by callers").isEmpty();
        }
    }

    private static long key(int writer, int seq) {
        return ((long) writer << 32) | seq;
    }

    private static int waiting(PgBouncer bouncer) throws SQLException {
        return bouncer.show("POOLS").stream().mapToInt(r -> Integer.parseInt(r.get("cl_waiting"))).sum();
    }

    private static void awaitAcknowledged(Set<Long> acknowledged, int atLeast) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < atLeast) {
            assertThat(System.nanoTime() - deadline).as("writers make progress").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static List<Long> stored(PostgresServer pg) throws SQLException {
        List<Long> keys = new ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT writer, seq FROM chaos")) {
            while (rs.next()) {
                keys.add(key(rs.getInt(1), rs.getInt(2)));
            }
        }
        return keys;
    }
}
