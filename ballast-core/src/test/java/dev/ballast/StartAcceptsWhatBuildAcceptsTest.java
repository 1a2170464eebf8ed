package dev.ballast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.cap.ServerConnections;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DatabaseOptions.Builder#build()} validates, once, the typed configurations the pool, retries, breaker and
 * alerts run on, so whatever it accepts {@link Ballast#start} accepts; and a start that fails for any reason
 * closes what it had started.
 */
@WithPostgres
class StartAcceptsWhatBuildAcceptsTest {

    private static DatabaseOptions.Builder options(PostgresServer pg, String name) {
        return DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username()).password(pg.password())
                .minPoolSize(2).maxPoolSize(4).connectionTimeout(Duration.ofSeconds(5)).poolName(name)
                .applicationName(name);
    }

    @Test
    void retryCountAboveWhatTheRetryEngineTakesIsRejectedByBuildNamingTheKey(PostgresServer pg) {
        assertThatThrownBy(() -> options(pg, "rc").retryCount(101).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RetryCount").hasMessageContaining("101");
        assertThatThrownBy(() -> DatabaseOptions.fromJson("{\"Database\": {\"ConnectionString\": \""
                + pg.jdbcUrl() + "\", \"CircuitBreakerDurationSeconds\": 90000}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CircuitBreakerDurationSeconds");
    }

    @Test
    void optionsAtTheEdgeOfEveryRangeStartAndTheEnginesRunOnTheRecordsBuildMade(PostgresServer pg) {
        DatabaseOptions o = options(pg, "edges").retryCount(100).retryDelay(Duration.ofHours(24))
                .maxRetryDelay(Duration.ofHours(24)).circuitBreakerDuration(Duration.ofHours(24))
                .samplingDuration(Duration.ofMillis(1)).fairnessThreshold(Duration.ZERO)
                .alertConnectionFailures(1).alertUtilisationRatio(1.0).build();
        assertThat(o.retryConfig().retryCount()).isEqualTo(100);
        assertThat(o.circuitBreakerConfig().breakDuration()).isEqualTo(Duration.ofHours(24));
        assertThat(o.poolConfig().fairnessThreshold()).isZero();
        assertThat(o.alertThresholds().connectionFailures()).isEqualTo(1);
        try (Ballast db = Ballast.start(o, OpenTelemetry.noop())) {
            assertThat(db.pool().config()).as("the pool runs on the record build() made").isSameAs(o.poolConfig());
            assertThat(db.alertThresholds()).isSameAs(o.alertThresholds());
        }
    }

    @Test
    void aStartThatFailsLateClosesWhatItStartedNoThreadConnectionOrMetricCallbackLeft(PostgresServer pg)
            throws Exception {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
                ServerConnections server = new ServerConnections(pg, "late-failure")) {
            OpenTelemetry noTracer = new OpenTelemetry() { // fails after the pool and the gauges exist
                @Override
                public TracerProvider getTracerProvider() {
                    throw new IllegalStateException("injected: no tracer");
                }

                @Override
                public MeterProvider getMeterProvider() {
                    return sdk.getMeterProvider();
                }

                @Override
                public ContextPropagators getPropagators() {
                    return sdk.getPropagators();
                }
            };
            DatabaseOptions o = options(pg, "late-failure").build();

            assertThatThrownBy(() -> Ballast.start(o, noTracer)).hasMessageContaining("injected: no tracer");

            server.awaitZero(Duration.ofSeconds(10));
            assertThat(ballastThreads("late-failure")).as("threads left by the failed start").isEmpty();
            List<String> callbacks = List.of("db.client.connection.count", "db.client.connection.max",
                    "db.client.connection.idle.max", "db.client.connection.idle.min",
                    "db.client.connection.pending_requests", "db.pool.connections.active",
                    "db.pool.connections.idle", "db.pool.connections.total", "ballast.circuit_breaker.state",
                    "ballast.alerts.active");
            List<String> gauges = reader.collectAllMetrics().stream()
                    .filter(m -> callbacks.contains(m.getName())).filter(m -> hasPoints(m))
                    .map(MetricData::getName).toList();
            assertThat(gauges).as("gauge callbacks still registered").isEmpty();
        }
    }

    private static boolean hasPoints(MetricData m) {
        return !m.getData().getPoints().isEmpty();
    }

    static List<String> ballastThreads(String pool) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.contains(pool)).toList();
            if (!left.isEmpty()) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        return left;
    }
}
