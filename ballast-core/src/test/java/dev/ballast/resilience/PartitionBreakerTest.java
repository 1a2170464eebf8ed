package dev.ballast.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.resilience.DefaultDatabaseResilience;
import dev.ballast.internal.resilience.RecordingListener;
import dev.ballast.internal.resilience.ResilienceSettings;
import dev.ballast.internal.time.FakeClock;
import dev.ballast.testkit.FaultProxy;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, test 2: a network partition through the fault proxy opens the breaker; callers then fail in
 * milliseconds instead of waiting out their timeouts; after heal and the break duration one probe closes it and
 * traffic resumes. The breaker's time is a fake clock (the break is "waited" by moving it); the network's is real.
 */
@WithPostgres
class PartitionBreakerTest {

    private static final Duration BREAK = Duration.ofSeconds(30);

    @Test
    void aPartitionOpensTheBreakerAndAProbeClosesItAfterHeal(PostgresServer pg) throws Exception {
        FakeClock clock = new FakeClock();
        RecordingListener listener = new RecordingListener();
        try (FaultProxy proxy = FaultProxy.start(pg)) {
            DatabaseResilience db = new DefaultDatabaseResilience(ResilienceSettings.of(
                    TestDatabases.dataSource(proxy.host(), proxy.port(), 1))
                    .withRetry(RetryConfig.disabled())
                    .withCircuitBreaker(CircuitBreakerConfig.builder().minimumThroughput(4).failureRatio(0.5)
                            .breakDuration(BREAK).build())
                    .withListeners(ListenerSupport.none().with(listener))
                    .withClock(clock));
            for (int i = 0; i < 2; i++) {
                assertThat(query(db)).isEqualTo(1);
            }

            proxy.blackhole();
            for (int i = 0; i < 2; i++) { // each waits out pgjdbc's timeouts
                assertThatThrownBy(() -> query(db)).isInstanceOf(SQLException.class)
                        .isNotInstanceOf(CircuitOpenException.class);
            }
            assertThat(db.circuitState()).isEqualTo(CircuitState.OPEN); // 2 of 4 failed

            long slowest = 0;
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> query(db)).isInstanceOf(CircuitOpenException.class);
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
            assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(100));

            proxy.heal();
            clock.advance(BREAK);
            assertThat(db.circuitState()).isEqualTo(CircuitState.HALF_OPEN);
            CountDownLatch probing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Integer> probe = CompletableFuture.supplyAsync(() -> {
                try {
                    return db.withConnection(c -> {
                        probing.countDown();
                        await(release);
                        return select1(c);
                    });
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(probing.await(60, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> query(db)).isInstanceOfSatisfying(CircuitOpenException.class,
                    e -> assertThat(e.state()).isEqualTo(CircuitState.HALF_OPEN)); // only one probe
            release.countDown();
            assertThat(probe.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(db.circuitState()).isEqualTo(CircuitState.CLOSED);
            for (int i = 0; i < 5; i++) {
                assertThat(query(db)).isEqualTo(1);
            }
            assertThat(listener.events("state")).containsExactly("state CLOSED->OPEN", "state OPEN->HALF_OPEN",
                    "state HALF_OPEN->CLOSED");
        }
    }

    private static int query(DatabaseResilience db) throws SQLException {
        return db.withConnection(PartitionBreakerTest::select1);
    }

    private static int select1(java.sql.Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
