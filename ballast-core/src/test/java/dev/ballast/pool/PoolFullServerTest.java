package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static dev.ballast.pool.PgPools.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.testing.Await;
import dev.ballast.testing.RecordingListener;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A full server is not a dead server (DESIGN §3a): when one more connection is refused because the server (or the
 * role) is full, borrowers wait for the connections that are borrowed to come back instead of all failing at once.
 */
@WithPostgres
class PoolFullServerTest {

    private static final String ROLE = "capped";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void whenTheRolesConnectionLimitIsReachedWaitersAreServedAsBorrowedConnectionsComeBack(PostgresServer pg)
            throws Exception {
        try (Connection admin = pg.connect(); Statement s = admin.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + ROLE);
            s.execute("CREATE ROLE " + ROLE + " LOGIN CONNECTION LIMIT 3");
        }
        RecordingListener events = new RecordingListener();
        List<SQLException> failures = new CopyOnWriteArrayList<>();
        AtomicInteger served = new AtomicInteger();
        try (Connection outsider = connectAs(pg, ROLE); // another client of the role holds one of its three slots
                BallastPool pool = BallastPool.start(config(pg, "full").username(ROLE).maxPoolSize(5)
                        .connectionTimeout(WAIT).build(), events)) {
            Connection a = pool.getConnection(); // the role's other two slots
            Connection b = pool.getConnection();
            int waiters = 6;
            List<Future<?>> borrowers = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                borrowers.add(threads.submit(() -> {
                    try (Connection c = pool.getConnection()) {
                        assertThat(one(c, "SELECT current_user")).isEqualTo(ROLE);
                        served.incrementAndGet();
                    } catch (SQLException e) {
                        failures.add(e);
                    }
                    return null;
                }));
            }
            // the pool tried to open more for them and the server said "too many connections for role" (53300)
            Await.until(WAIT, () -> pool.stats().connectionsFailed() > 0
                    && pool.stats().pending() + failures.size() == waiters, () -> "a refused connect with every "
                    + "borrower queued: " + pool.stats() + ", failures " + failures);
            assertThat(events.connectErrors).isNotEmpty();
            assertThat(events.connectErrors.get(0).getSQLState()).isEqualTo("53300");
            assertThat(failures).as("borrowers failed although two borrowed connections will come back").isEmpty();
            assertThat(pool.stats().pending()).isEqualTo(waiters);

            a.close();
            b.close();
            for (Future<?> f : borrowers) {
                f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(failures).isEmpty();
            assertThat(served).hasValue(waiters);
            assertThat(one(outsider, "SELECT 1")).isEqualTo("1");
        }
    }

    private static Connection connectAs(PostgresServer pg, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        return DriverManager.getConnection(pg.jdbcUrl(), p);
    }
}
