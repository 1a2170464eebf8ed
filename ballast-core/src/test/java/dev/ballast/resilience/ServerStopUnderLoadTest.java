package dev.ballast.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.event.BallastListener;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, test 1: the server is stopped under a load of concurrent {@code inTransaction} inserts and started
 * again. Every acknowledged write is present exactly once, no write is duplicated, and no connection is left open.
 * The outage lasts until the callers have seen a number of failed attempts (not a fixed sleep).
 */
@WithPostgres
class ServerStopUnderLoadTest {

    private static final int WRITERS = 8;
    private static final long WAIT = 120;

    @Test
    void acknowledgedWritesSurviveExactlyOnce(PostgresServer pg) throws Exception {
        TestDatabases.run(pg, "create table load_writes (seq bigserial primary key, client_id text not null)");
        CountDownLatch warmedUp = new CountDownLatch(50);
        AtomicReference<CountDownLatch> failuresWhileDown = new AtomicReference<>(new CountDownLatch(0));
        AtomicReference<CountDownLatch> writesAfterRestart = new AtomicReference<>(new CountDownLatch(1));
        BallastListener outageWatcher = new BallastListener() {
            @Override
            public void attemptFinished(String operation, int attempt, Throwable failure) {
                if (failure != null) {
                    failuresWhileDown.get().countDown();
                }
            }
        };
        DatabaseResilience db = DatabaseResilience.builder(TestDatabases.dataSource(pg, 5))
                .retry(RetryConfig.builder().retryCount(10).retryDelay(Duration.ofMillis(50))
                        .maxRetryDelay(Duration.ofMillis(500)).build())
                .circuitBreaker(CircuitBreakerConfig.builder().breakDuration(Duration.ofMillis(500)).build())
                .listener(outageWatcher).build();

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.execute(() -> {
                for (int n = 0; running.get(); n++) {
                    String id = writer + "-" + n;
                    try {
                        db.inTransaction(c -> {
                            try (PreparedStatement ps = c.prepareStatement(
                                    "insert into load_writes(client_id) values (?)")) {
                                ps.setString(1, id);
                                return ps.executeUpdate();
                            }
                        });
                        acknowledged.add(id);
                        warmedUp.countDown();
                        writesAfterRestart.get().countDown();
                    } catch (SQLException | RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
        }

        assertThat(warmedUp.await(WAIT, TimeUnit.SECONDS)).isTrue();
        failuresWhileDown.set(new CountDownLatch(6 * WRITERS)); // about 2 s of backoff per writer
        pg.stop();
        assertThat(failuresWhileDown.get().await(WAIT, TimeUnit.SECONDS)).isTrue();
        int acknowledgedBeforeRestart = acknowledged.size();
        writesAfterRestart.set(new CountDownLatch(50));
        pg.start();
        assertThat(writesAfterRestart.get().await(WAIT, TimeUnit.SECONDS)).isTrue();
        running.set(false);
        writers.shutdown();
        assertThat(writers.awaitTermination(WAIT, TimeUnit.SECONDS)).isTrue();

        Map<String, Integer> stored = new HashMap<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select client_id, count(*) from load_writes group by client_id")) {
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getInt(2));
            }
        }
        assertThat(stored.values()).as("no write is duplicated").allMatch(count -> count == 1);
        assertThat(stored.keySet()).as("every acknowledged write is present").containsAll(acknowledged);
        assertThat(acknowledged.size()).isGreaterThan(acknowledgedBeforeRestart);
        assertThat(failures).as("only database-unavailable failures surface").allSatisfy(e ->
                assertThat(e).isInstanceOf(SQLException.class));
        assertThat(clientBackendsLeft(pg)).as("connections left open").isZero();
        System.out.printf("acknowledged %d (before restart %d), stored %d, calls failed %d: %s%n",
                acknowledged.size(), acknowledgedBeforeRestart, stored.size(), failures.size(),
                failures.stream().map(e -> e.getClass().getSimpleName() + " " + ((SQLException) e).getSQLState())
                        .distinct().toList());
    }

    /** Backends exit asynchronously after their client closes: wait, bounded, for them to go. */
    private static long clientBackendsLeft(PostgresServer pg) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long left;
        do {
            left = TestDatabases.number(pg, "select count(*) from pg_stat_activity"
                    + " where backend_type = 'client backend' and pid <> pg_backend_pid()");
        } while (left > 0 && System.nanoTime() < deadline);
        return left;
    }
}
