package dev.ballast.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.event.BallastListener;
import dev.ballast.resilience.CircuitState;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import dev.ballast.testing.Await;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's own errors say what happened (DESIGN §3a), seen through {@code db.resilience()} on a real PostgreSQL:
 * saturation is neither retried nor counted by the circuit breaker, and a borrow that fails fast because the server
 * refuses the pool carries the connect error's own SQLSTATE, so the one SQLSTATE table decides.
 */
@WithPostgres
class PoolErrorClassificationTest {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(3);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final BallastListener counting = new BallastListener() {
        @Override
        public void attemptFinished(String operation, int attempt, Throwable failure) {
            attempts.incrementAndGet();
            seen.add(operation + " #" + attempt + " " + (failure instanceof SQLException
                    ? ((SQLException) failure).getSQLState() + " " + failure.getMessage() : String.valueOf(failure)));
        }

        @Override
        public void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {
            retries.incrementAndGet();
        }
    };

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private DatabaseOptions.Builder options(String url, String user, String name) {
        return DatabaseOptions.builder().url(url).username(user).password("not-the-password").poolName(name)
                .applicationName(name).minPoolSize(0).maxPoolSize(2).connectionTimeout(CONNECTION_TIMEOUT)
                .retryCount(3).retryDelay(RETRY_DELAY).circuitBreakerThreshold(2).listener(counting);
    }

    @Test
    void aSaturatedPoolTimesOutOnceNeitherRetriedNorCountedByTheBreaker(PostgresServer pg) throws Exception {
        try (Ballast db = Ballast.start(options(pg.jdbcUrl(), pg.username(), "saturated").build())) {
            CountDownLatch holding = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            List<Future<Integer>> holders = new ArrayList<>();
            for (int i = 0; i < 2; i++) { // every connection busy, far past the connection timeout
                holders.add(threads.submit(() -> db.resilience().withConnection(c -> {
                    holding.countDown();
                    assertThat(await(release)).isTrue();
                    return 1;
                })));
            }
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            attempts.set(0);
            retries.set(0);
            int spike = 4;
            List<Future<Object>> callers = new ArrayList<>();
            for (int i = 0; i < spike; i++) {
                callers.add(threads.submit(() -> {
                    long start = System.nanoTime();
                    try {
                        db.resilience().withConnection(c -> 1);
                        return "served";
                    } catch (SQLException e) {
                        return new Object[] {e, Duration.ofNanos(System.nanoTime() - start)};
                    }
                }));
            }
            for (Future<Object> f : callers) {
                Object outcome = f.get(60, TimeUnit.SECONDS);
                assertThat(outcome).isInstanceOf(Object[].class);
                SQLException e = (SQLException) ((Object[]) outcome)[0];
                Duration took = (Duration) ((Object[]) outcome)[1];
                assertThat((Throwable) e).isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("no connection available after")
                        .hasMessageContaining("used=2");
                assertThat(e.getSQLState()).isNotEqualTo("08001").isEqualTo("HYT00");
                // one wait of about the connection timeout: a retry would wait it again
                assertThat(took).isGreaterThanOrEqualTo(CONNECTION_TIMEOUT.minusMillis(100))
                        .isLessThan(CONNECTION_TIMEOUT.multipliedBy(2));
            }
            assertThat(retries).hasValue(0);
            assertThat(attempts).hasValue(spike);
            assertThat(db.stats().timeouts()).isEqualTo(spike);
            assertThat(db.resilience().circuitState()).isEqualTo(CircuitState.CLOSED);
            release.countDown();
            for (Future<Integer> f : holders) {
                assertThat(f.get(30, TimeUnit.SECONDS).intValue()).isEqualTo(1);
            }
            int after = db.resilience().withConnection(c -> 2);
            assertThat(after).isEqualTo(2);
            assertThat(db.resilience().circuitState()).isEqualTo(CircuitState.CLOSED);
        }
    }

    @Test
    void aWrongPasswordIsThrownAtOnceWithItsSqlStateNeverRetriedNorCounted(PostgresServer pg) throws Exception {
        String role = "pool_pw";
        requirePassword(pg, role, "the-right-one");
        // a generous connection timeout: under load a slow connect must not time out first (that is 08001)
        assertRefusedAtOnce(options(pg.jdbcUrl(), role, "wrongpw").connectionTimeout(Duration.ofSeconds(10)).build(),
                "28P01");
    }

    @Test
    void aMissingDatabaseIsThrownAtOnceWithItsSqlStateNeverRetriedNorCounted(PostgresServer pg) throws Exception {
        assertRefusedAtOnce(options(pg.jdbcUrl("no_such_database"), pg.username(), "nodb")
                .connectionTimeout(Duration.ofSeconds(10)).build(), "3D000");
    }

    @Test
    void aRefusedConnectionStaysTransientAndIsRetried() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DatabaseOptions options = options("jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres", "postgres",
                "refused").retryCount(1).retryDelay(Duration.ofMillis(50)).build();
        try (Ballast db = Ballast.start(options)) {
            assertThatThrownBy(() -> db.resilience().withConnection(c -> 1)).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
            assertThat(retries).hasValue(1);
        }
    }

    private void assertRefusedAtOnce(DatabaseOptions options, String sqlState) throws SQLException {
        try (Ballast db = Ballast.start(options)) {
            for (int i = 0; i < 5; i++) {
                attempts.set(0);
                seen.clear();
                long start = System.nanoTime();
                assertThatThrownBy(() -> db.resilience().withConnection(c -> 1)).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(sqlState));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(attempts).as("attempts of call %d: %s", i, seen).hasValue(1);
                // no backoff (a retry waits at least 0.75 x the retry delay): well under it
                assertThat(took).isLessThan(RETRY_DELAY.dividedBy(2));
            }
            assertThat(retries).hasValue(0);
            assertThat(db.resilience().circuitState()).isEqualTo(CircuitState.CLOSED);
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Makes the server ask {@code role} for its password on loopback (the testkit trusts loopback otherwise). */
    private static void requirePassword(PostgresServer pg, String role, String password) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        }
        Path hba = pg.dataDirectory().resolve("pg_hba.conf");
        String rules = Files.readString(hba, StandardCharsets.UTF_8);
        String line = "host all " + role + " 127.0.0.1/32 md5\n";
        if (!rules.startsWith(line)) {
            Files.writeString(hba, line + rules, StandardCharsets.UTF_8);
        }
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
        Await.until(Duration.ofSeconds(20), () -> wrongPasswordRefused(pg, role), "the server to ask for passwords");
    }

    private static boolean wrongPasswordRefused(PostgresServer pg, String role) {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", "wrong");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), p)) {
            return false;
        } catch (SQLException e) {
            return "28P01".equals(e.getSQLState());
        }
    }
}
