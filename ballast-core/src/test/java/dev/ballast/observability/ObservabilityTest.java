package dev.ballast.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Metrics, tracing and health of a started {@link Ballast}, against a real PostgreSQL. */
@WithPostgres
class ObservabilityTest {

    private InMemoryMetricReader metricReader;
    private InMemorySpanExporter spans;
    private OpenTelemetrySdk otel;

    @BeforeEach
    void sdk(PostgresServer pg) throws SQLException {
        metricReader = InMemoryMetricReader.create();
        spans = InMemorySpanExporter.create();
        otel = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metricReader).build())
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .build();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("create table if not exists notes(id bigserial primary key, body text not null unique)");
            s.execute("truncate notes");
        }
    }

    @AfterEach
    void closeSdk() {
        otel.close();
    }

    private static DatabaseOptions options(PostgresServer pg, int max) {
        return DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username()).password("s3cr3t-unused")
                .minPoolSize(2).maxPoolSize(max).connectionTimeout(Duration.ofSeconds(5))
                .validationTimeout(Duration.ofSeconds(2)).retryDelay(Duration.ofMillis(10))
                .poolName("obs").applicationName("obs-test").build();
    }

    private Map<String, MetricData> metrics() {
        Collection<MetricData> all = metricReader.collectAllMetrics();
        return all.stream().collect(Collectors.toMap(MetricData::getName, m -> m, (a, b) -> a));
    }

    private static void insert(Ballast db, String body) throws SQLException {
        db.resilience().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into notes(body) values (?)")) {
                ps.setString(1, body);
                return ps.executeUpdate();
            }
        });
    }

    @Test
    void metricsHaveTheSeedAndSemanticConventionNamesUnitsTypesAndPlausibleValues(PostgresServer pg) throws Exception {
        try (Ballast db = Ballast.start(options(pg, 10), otel)) {
            for (int i = 0; i < 5; i++) {
                insert(db, "note " + i);
            }
            assertThatThrownBy(() -> insert(db, "note 0")).isInstanceOf(SQLException.class);
            try (Connection held = db.dataSource().getConnection()) {
                Map<String, MetricData> m = metrics();

                assertThat(m.get("db.connection.opened").getType()).isEqualTo(MetricDataType.LONG_SUM);
                assertThat(m.get("db.connection.opened").getLongSumData().getPoints())
                        .allSatisfy(p -> assertThat(p.getValue()).isGreaterThanOrEqualTo(2));
                assertThat(m.get("db.connection.open.duration").getType()).isEqualTo(MetricDataType.HISTOGRAM);
                assertThat(m.get("db.connection.open.duration").getUnit()).isEqualTo("ms");

                MetricData count = m.get("db.client.connection.count");
                assertThat(count.getUnit()).isEqualTo("{connection}");
                assertThat(count.getLongSumData().getPoints()).anySatisfy(p -> {
                    assertThat(p.getAttributes().get(AttributeKey.stringKey("db.client.connection.state")))
                            .isEqualTo("used");
                    assertThat(p.getAttributes().get(AttributeKey.stringKey("db.client.connection.pool.name")))
                            .isEqualTo("obs");
                    assertThat(p.getValue()).isEqualTo(1);
                });
                assertThat(m.get("db.client.connection.max").getLongSumData().getPoints())
                        .singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo(10));
                assertThat(m.get("db.client.connection.idle.min").getLongSumData().getPoints())
                        .singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo(2));
                assertThat(m.get("db.client.connection.idle.max")).isNotNull();
                assertThat(m.get("db.client.connection.pending_requests").getLongSumData().getPoints())
                        .singleElement().satisfies(p -> assertThat(p.getValue()).isZero());
                for (String h : List.of("db.client.connection.wait_time", "db.client.connection.use_time",
                        "db.client.connection.create_time")) {
                    assertThat(m.get(h)).as(h).isNotNull();
                    assertThat(m.get(h).getType()).as(h).isEqualTo(MetricDataType.HISTOGRAM);
                    assertThat(m.get(h).getUnit()).as(h).isEqualTo("s");
                    assertThat(m.get(h).getHistogramData().getPoints()).as(h)
                            .allSatisfy(p -> assertThat(p.getCount()).isPositive());
                }
                assertThat(m.get("ballast.circuit_breaker.state").getLongGaugeData().getPoints())
                        .singleElement().satisfies(p -> assertThat(p.getValue()).isZero());
            }
        }
    }

    @Test
    void poolGaugesFromPgStatActivityAreSampledInTheBackground(PostgresServer pg) throws Exception {
        try (Ballast db = Ballast.start(options(pg, 10), otel);
                Connection held = db.dataSource().getConnection()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Optional<Long> total = Optional.empty();
            while (System.nanoTime() < deadline) {
                MetricData d = metrics().get("db.pool.connections.total");
                if (d != null && !d.getLongGaugeData().getPoints().isEmpty()) {
                    total = Optional.of(d.getLongGaugeData().getPoints().iterator().next().getValue());
                    break;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
            assertThat(total).as("db.pool.connections.total sampled").isPresent();
            assertThat(total.get()).isBetween(2L, 10L);
            assertThat(metrics().get("db.pool.connections.idle")).isNotNull();
            assertThat(metrics().get("db.pool.connections.active")).isNotNull();
        }
    }

    @Test
    void retriesAndBreakerTransitionsAreCountedAndTraced(PostgresServer pg) throws Exception {
        try (Ballast db = Ballast.start(options(pg, 10), otel)) {
            int[] calls = {0};
            int result = db.resilience().execute(() -> {
                if (calls[0]++ < 2) {
                    throw new SQLException("simulated", "40001");
                }
                return 7;
            });
            assertThat(result).isEqualTo(7);
            assertThat(metrics().get("ballast.retry.attempts").getLongSumData().getPoints())
                    .singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo(2));

            db.resilience().isolate();
            db.resilience().closeCircuit();
            assertThat(metrics().get("ballast.circuit_breaker.transitions").getLongSumData().getPoints())
                    .hasSize(2);

            List<SpanData> finished = spans.getFinishedSpanItems();
            SpanData execute = finished.stream().filter(s -> s.getName().equals("execute")).findFirst().orElseThrow();
            assertThat(execute.getAttributes().get(AttributeKey.stringKey("db.system.name"))).isEqualTo("postgresql");
            assertThat(execute.getAttributes().get(AttributeKey.stringKey("db.namespace"))).isEqualTo("postgres");
            assertThat(execute.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
            assertThat(execute.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo((long) pg.port());
            assertThat(execute.getEvents().stream().filter(e -> e.getName().equals("ballast.retry"))).hasSize(2);
            assertThat(execute.getEvents().stream().filter(e -> e.getName().equals("ballast.attempt"))).hasSize(3);
        }
    }

    @Test
    void aFailedOperationSpanRecordsTheSqlState(PostgresServer pg) throws Exception {
        try (Ballast db = Ballast.start(options(pg, 10), otel)) {
            insert(db, "dup");
            assertThatThrownBy(() -> insert(db, "dup")).isInstanceOf(SQLException.class);
            SpanData failed = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("inTransaction"))
                    .filter(s -> s.getStatus().getStatusCode() == io.opentelemetry.api.trace.StatusCode.ERROR)
                    .findFirst().orElseThrow();
            assertThat(failed.getAttributes().get(AttributeKey.stringKey("db.response.status_code")))
                    .isEqualTo("23505");
            assertThat(failed.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
        }
    }

    @Test
    void healthIsHealthyDegradedForASmallPoolAndUnhealthyWhenTheServerIsDown(PostgresServer pg) throws Exception {
        try (Ballast big = Ballast.start(options(pg, 10), otel)) {
            HealthReport healthy = big.healthCheck().check();
            assertThat(healthy.status()).as(healthy.toString()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(healthy.data()).containsKeys("pooling_enabled", "min_pool_size", "max_pool_size",
                    "connection_lifetime_sec", "idle_lifetime_sec", "retry_policy_enabled",
                    "circuit_breaker_enabled", "connections_used", "connections_idle", "pending_requests",
                    "circuit_breaker_state");
            assertThat(healthy.data()).containsEntry("max_pool_size", 10).containsEntry("connection_lifetime_sec", 600L);
        }
        try (Ballast small = Ballast.start(options(pg, 5), otel)) {
            HealthReport degraded = small.healthCheck().check();
            assertThat(degraded.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(degraded.description()).contains("MaxPoolSize 5 is below 10");

            small.resilience().isolate();
            assertThat(small.healthCheck().check().description()).contains("ISOLATED");
            small.resilience().closeCircuit();

            pg.stop();
            try {
                // The probe's answer is reused for about a second: readiness turns Unhealthy on the next probe.
                long start = System.nanoTime();
                HealthReport down = small.healthCheck().check();
                while (down.status() != HealthStatus.UNHEALTHY
                        && System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                    down = small.healthCheck().check();
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
                assertThat(down.status()).isEqualTo(HealthStatus.UNHEALTHY);
                assertThat(down.toJson()).contains("\"status\":\"Unhealthy\"").doesNotContain("s3cr3t");
            } finally {
                pg.start();
            }
        }
    }

    @Test
    void closeLeavesNoBallastThreadBehind(PostgresServer pg) throws Exception {
        Ballast db = Ballast.start(options(pg, 10), otel);
        insert(db, "x");
        db.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.contains("ballast") && n.contains("obs")).toList();
            if (!left.isEmpty()) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertThat(left).isEmpty();
        assertThat(db.toString()).doesNotContain("s3cr3t");
    }
}
