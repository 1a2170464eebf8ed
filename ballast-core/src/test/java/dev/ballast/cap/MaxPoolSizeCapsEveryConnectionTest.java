package dev.ballast.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.event.BallastListener;
import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import dev.ballast.pool.PoolStats;
import dev.ballast.testing.Await;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * MaxPoolSize caps every connection Ballast holds to the server: the {@code pg_stat_activity} sampler and the
 * readiness probe borrow from the pool instead of opening connections of their own. Counted from the server's side.
 */
@WithPostgres
class MaxPoolSizeCapsEveryConnectionTest {

    private static DatabaseOptions.Builder options(PostgresServer pg, String name) {
        return DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username()).password(pg.password())
                .maxPoolSize(5).connectionTimeout(Duration.ofSeconds(5)).validationTimeout(Duration.ofSeconds(2))
                .poolName(name).applicationName(name);
    }

    private static void query(Ballast db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_sleep(0.005)");
        }
    }

    private static boolean sampled(InMemoryMetricReader reader) {
        for (MetricData d : reader.collectAllMetrics()) {
            if (d.getName().equals("db.pool.connections.total") && !d.getLongGaugeData().getPoints().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void underFullLoadWithMetricsReadAndHealthCheckedTheServerSeesAtMostMaxPoolSizeConnections(PostgresServer pg)
            throws Exception {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
                ServerConnections server = new ServerConnections(pg, "cap-load").watch();
                Ballast db = Ballast.start(options(pg, "cap-load").minPoolSize(5).build(), otel)) {
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try {
                            query(db);
                        } catch (SQLException | RuntimeException e) {
                            errors.add(e);
                        }
                    }
                });
                t.start();
                workers.add(t);
            }
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                reader.collectAllMetrics();
                HealthReport health = db.healthCheck().check();
                assertThat(health.status()).as(health.toString()).isNotEqualTo(HealthStatus.UNHEALTHY);
            }
            running.set(false);
            for (Thread t : workers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(errors).isEmpty();
            // Once the load is gone, the sampler finds an idle connection to borrow: the gauges fill in.
            Await.until(Duration.ofSeconds(30), () -> sampled(reader), "the pg_stat_activity gauges");
            db.healthCheck().check();

            assertThat(server.highest()).as("sessions the server saw from the pool's application name")
                    .isBetween(1, 5);
        }
    }

    @Test
    void withPoolingOffNoConnectionStaysOpenBetweenBorrows(PostgresServer pg) throws Exception {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
                ServerConnections server = new ServerConnections(pg, "cap-unpooled");
                Ballast db = Ballast.start(options(pg, "cap-unpooled").minPoolSize(0).enablePooling(false).build(),
                        otel)) {
            for (int i = 0; i < 3; i++) {
                query(db);
            }
            assertThat(db.healthCheck().check().status()).isNotEqualTo(HealthStatus.UNHEALTHY);
            Await.until(Duration.ofSeconds(30), () -> sampled(reader), "the pg_stat_activity gauges");

            Await.until(Duration.ofSeconds(10), () -> {
                try {
                    return server.now() == 0;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, () -> "no session left between borrows with pooling off");
        }
    }

    @Test
    void twoHundredConcurrentReadinessChecksStayWithinTheCapAndProbeAtMostOncePerSecond(PostgresServer pg)
            throws Exception {
        AtomicInteger borrows = new AtomicInteger();
        BallastListener countBorrows = new BallastListener() {
            @Override
            public void connectionBorrowed(long waitNanos) {
                borrows.incrementAndGet();
            }
        };
        try (ServerConnections server = new ServerConnections(pg, "cap-flood").watch();
                Ballast db = Ballast.start(options(pg, "cap-flood").minPoolSize(1).build(), OpenTelemetry.noop(),
                        List.of(countBorrows))) {
            CountDownLatch go = new CountDownLatch(1);
            ConcurrentLinkedQueue<HealthReport> reports = new ConcurrentLinkedQueue<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        reports.add(db.healthCheck().check());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.start();
                callers.add(t);
            }
            long start = System.nanoTime();
            go.countDown();
            for (Thread t : callers) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            long elapsedNanos = System.nanoTime() - start;

            assertThat(reports).hasSize(200).allSatisfy(r ->
                    assertThat(r.status()).as(r.toString()).isEqualTo(HealthStatus.DEGRADED)); // MaxPoolSize 5 < 10
            assertThat(server.highest()).as("sessions the server saw during the flood").isBetween(1, 5);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(elapsedNanos) + 1;
            assertThat(borrows.get()).as("probes (each borrows once) in %d ms", elapsedNanos / 1_000_000)
                    .isBetween(1, (int) seconds);
        }
    }
    @Test
    void withPoolingOffABorrowBeyondMaxPoolSizeWaitsForAConnectionToCloseOrTimesOut(PostgresServer pg)
            throws Exception {
        try (ServerConnections server = new ServerConnections(pg, "cap-unpooled-max");
                Ballast db = Ballast.start(options(pg, "cap-unpooled-max").minPoolSize(0).maxPoolSize(3)
                        .enablePooling(false).connectionTimeout(Duration.ofSeconds(1)).build(),
                        OpenTelemetry.noop())) {
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(db.dataSource().getConnection());
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> db.dataSource().getConnection().close())
                    .isInstanceOf(java.sql.SQLTransientConnectionException.class)
                    .hasMessageContaining("no connection available");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(server.now()).as("sessions with three borrowed and MaxPoolSize 3").isEqualTo(3);

            java.util.concurrent.CompletableFuture<Connection> fourth = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            return db.dataSource().getConnection();
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            held.remove(0).close(); // one closes: the waiting borrower opens its own
            Connection got = fourth.get(30, TimeUnit.SECONDS);
            held.add(got);
            PoolStats stats = db.stats();
            assertThat(stats.connectionsCreated() - stats.connectionsClosed())
                    .as("physical connections Ballast holds with MaxPoolSize 3").isLessThanOrEqualTo(3);
            // the server: the closed connection's backend exits a moment after its socket closes
            server.awaitAtMost(3, Duration.ofSeconds(10));
            for (Connection c : held) {
                c.close();
            }
            server.awaitZero(Duration.ofSeconds(10));
        }
    }
}
