package dev.ballast.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.testing.Await;
import dev.ballast.testkit.FaultProxy;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous calls that time out during a stall never wedge the engine: the statements they ran are cancelled at
 * once (a cancellation never waits behind the work it cancels), their connections go back to the pool promptly
 * (aborted if the server cannot even be reached to cancel), and later calls are served. Runs on the default executor
 * (a few platform threads on JDK 17, virtual threads on 21+).
 */
@WithPostgres
class AsyncNeverWedgesTest {

    private static final int CALLS = 8;
    private static final Duration PROMPTLY = Duration.ofSeconds(5); // the stall lasts a minute

    private static Ballast start(String url) {
        return Ballast.start(DatabaseOptions.builder().url(url).username(PostgresServer.USERNAME)
                .minPoolSize(0).maxPoolSize(CALLS).connectionTimeout(Duration.ofSeconds(5))
                .retryDelay(Duration.ofMillis(10)).shutdownTimeout(Duration.ofSeconds(2)).build(),
                OpenTelemetry.noop());
    }

    private static int select1(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void asyncCallsThatTimedOutDuringALongStatementAreCancelledAndLaterCallsAreServedPromptly(PostgresServer pg)
            throws Exception {
        try (Ballast db = start(pg.jdbcUrl())) {
            DatabaseResilience r = db.resilience();
            List<CompletableFuture<Boolean>> stalled = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                stalled.add(r.withConnectionAsync(c -> {
                    try (Statement s = c.createStatement()) {
                        return s.execute("select pg_sleep(60) /* stall */");
                    }
                }).orTimeout(300, TimeUnit.MILLISECONDS));
            }
            for (CompletableFuture<Boolean> f : stalled) {
                Await.until(PROMPTLY, f::isDone, "the call's own timeout");
                assertThat(f).isCompletedExceptionally();
            }

            long start = System.nanoTime();
            assertThat(r.withConnectionAsync(AsyncNeverWedgesTest::select1)
                    .get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
            Duration served = Duration.ofNanos(System.nanoTime() - start);
            Await.until(PROMPTLY, () -> db.stats().used() == 0, () -> "connections still borrowed: " + db.stats());
            Await.until(PROMPTLY, () -> stallsRunning(pg) == 0, "the stalled statements cancelled on the server");
            assertThat(served).isLessThan(PROMPTLY);
        }
    }

    @Test
    void asyncCallsThatTimedOutDuringAPartitionGiveTheirConnectionsBackAndDoNotBlockLaterCalls(PostgresServer pg)
            throws Exception {
        try (FaultProxy proxy = FaultProxy.start(pg); Ballast db = start(proxy.jdbcUrl("postgres"))) {
            DatabaseResilience r = db.resilience();
            CountDownLatch partitioned = new CountDownLatch(1);
            List<CompletableFuture<Integer>> stalled = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                stalled.add(r.withConnectionAsync(c -> {
                    await(partitioned); // holds a connection until the network is cut
                    return select1(c); // then blocks on the silent socket
                }));
            }
            Await.until(Duration.ofSeconds(30), () -> db.stats().used() >= 4, () -> "borrowed: " + db.stats());
            proxy.blackhole();
            partitioned.countDown();
            for (CompletableFuture<Integer> f : stalled) {
                f.orTimeout(300, TimeUnit.MILLISECONDS);
            }
            for (CompletableFuture<Integer> f : stalled) {
                Await.until(PROMPTLY, f::isDone, "the call's own timeout");
            }

            // while the partition lasts: the executor serves other work, the pool gets its connections back
            assertThat(r.executeAsync(() -> 42).get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(42);
            Await.until(PROMPTLY, () -> db.stats().used() == 0, () -> "connections still borrowed: " + db.stats());

            proxy.heal();
            assertThat(r.withConnectionAsync(AsyncNeverWedgesTest::select1)
                    .get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
            for (CompletableFuture<Integer> f : stalled) {
                assertThat(f).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(TimeoutException.class);
            }
        }
    }

    private static void await(CountDownLatch latch) throws SQLException {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new SQLException("the test never cut the network");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        }
    }

    private static long stallsRunning(PostgresServer pg) {
        try {
            return TestDatabases.number(pg, "select count(*) from pg_stat_activity where state = 'active' "
                    + "and query like '%pg_sleep(60) /* stall */%' and pid <> pg_backend_pid()");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
