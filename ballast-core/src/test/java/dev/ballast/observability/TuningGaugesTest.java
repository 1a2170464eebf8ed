package dev.ballast.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.event.BallastListener;
import dev.ballast.event.PoolTuning;
import dev.ballast.metrics.MetricNames;
import dev.ballast.testing.Await;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The automatic pool sizing's gauges (EnablePoolAutoTuning): the limit in force with its reason as an attribute, the
 * throughput and the service time it decided on, read through an OpenTelemetry metric reader while a real PostgreSQL
 * serves a workload that queues; and no such gauge with tuning off.
 */
@WithPostgres
class TuningGaugesTest {

    private static final AttributeKey<String> POOL = AttributeKey.stringKey("db.client.connection.pool.name");
    private static final AttributeKey<String> REASON = AttributeKey.stringKey(MetricNames.LIMIT_REASON);
    private static final int MIN = 1;
    private static final int MAX = 6;
    private static final int CLIENTS = 12;

    private InMemoryMetricReader metricReader;
    private OpenTelemetrySdk otel;

    @BeforeEach
    void sdk() {
        metricReader = InMemoryMetricReader.create();
        otel = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metricReader).build())
                .build();
    }

    @AfterEach
    void closeSdk() {
        otel.close();
    }

    private static DatabaseOptions options(PostgresServer pg, boolean tuning) {
        return DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username()).password("s3cr3t-unused")
                .minPoolSize(MIN).maxPoolSize(MAX).connectionTimeout(Duration.ofSeconds(30))
                .poolName("tuned").enablePoolAutoTuning(tuning).build();
    }

    private Map<String, MetricData> metrics() {
        return metricReader.collectAllMetrics().stream()
                .collect(Collectors.toMap(MetricData::getName, m -> m, (a, b) -> a));
    }

    @Test
    void theLimitItsReasonAndItsInputsArePublishedAsGauges(PostgresServer pg) throws Exception {
        List<PoolTuning> decisions = new CopyOnWriteArrayList<>();
        BallastListener recorder = new BallastListener() {
            @Override
            public void poolLimitTuned(PoolTuning tuning) {
                decisions.add(tuning);
            }
        };
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (Ballast db = Ballast.start(options(pg, true), otel, List.of(recorder))) {
            for (int i = 0; i < CLIENTS; i++) {
                clients.execute(() -> {
                    while (running.get()) {
                        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                            s.execute("SELECT pg_sleep(0.002)"); // twice as many clients as connections: they queue
                        } catch (Exception e) {
                            return; // the pool closing at the end of the test
                        }
                    }
                });
            }
            Await.until(Duration.ofSeconds(60), () -> decisions.size() >= 3,
                    () -> "three tuning decisions; got " + decisions);
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).as("clients stopped").isTrue();
            // the gauges must show the latest decision: collect until no decision came in during a collection
            PoolTuning last;
            Map<String, MetricData> m;
            int attempts = 0;
            do {
                assertThat(attempts++).as("collections racing a decision").isLessThan(5);
                int before = decisions.size();
                m = metrics();
                last = decisions.get(before - 1);
                if (decisions.size() == before) {
                    break;
                }
            } while (true);

            MetricData limit = m.get(MetricNames.POOL_LIMIT);
            assertThat(limit).as(MetricNames.POOL_LIMIT).isNotNull();
            assertThat(limit.getUnit()).isEqualTo("{connection}");
            LongPointData limitPoint = limit.getLongGaugeData().getPoints().stream().collect(single());
            assertThat(limitPoint.getValue()).isEqualTo(last.limit()).isBetween((long) MIN, (long) MAX);
            assertThat(limitPoint.getAttributes().get(POOL)).isEqualTo("tuned");
            assertThat(limitPoint.getAttributes().get(REASON))
                    .isEqualTo(last.reason().name().toLowerCase(Locale.ROOT))
                    .isIn(Arrays.stream(PoolTuning.Reason.values())
                            .map(r -> r.name().toLowerCase(Locale.ROOT)).toList());

            MetricData throughput = m.get(MetricNames.POOL_LIMIT_THROUGHPUT);
            assertThat(throughput).as(MetricNames.POOL_LIMIT_THROUGHPUT).isNotNull();
            assertThat(throughput.getUnit()).isEqualTo("{return}/s");
            DoublePointData throughputPoint = throughput.getDoubleGaugeData().getPoints().stream().collect(single());
            assertThat(throughputPoint.getValue()).isEqualTo(last.throughputPerSecond());
            assertThat(throughputPoint.getAttributes().get(POOL)).isEqualTo("tuned");
            // at most MAX connections each holding one 2 ms sleep at a time: never more returns than that allows
            assertThat(throughputPoint.getValue()).isPositive().isLessThanOrEqualTo(MAX * 500.0);

            MetricData service = m.get(MetricNames.POOL_LIMIT_SERVICE_TIME);
            assertThat(service).as(MetricNames.POOL_LIMIT_SERVICE_TIME).isNotNull();
            assertThat(service.getUnit()).isEqualTo("s");
            DoublePointData servicePoint = service.getDoubleGaugeData().getPoints().stream().collect(single());
            if (Double.isFinite(last.serviceMillis())) {
                assertThat(servicePoint.getValue()).isEqualTo(last.serviceMillis() / 1e3);
                // each borrow holds its connection for the 2 ms sleep at least (the pool's queueing excluded)
                assertThat(servicePoint.getValue()).isGreaterThanOrEqualTo(0.002).isLessThan(1.0);
            }
        } finally {
            running.set(false);
            clients.shutdownNow();
        }
    }

    @Test
    void withTuningOffNoTuningGaugeReportsAnything(PostgresServer pg) throws Exception {
        try (Ballast db = Ballast.start(options(pg, false), otel)) {
            for (int i = 0; i < 50; i++) {
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
            }
            Map<String, MetricData> m = metrics();
            assertThat(m).containsKey("db.client.connection.max"); // the pool's metrics are there
            for (String name : List.of(MetricNames.POOL_LIMIT, MetricNames.POOL_LIMIT_THROUGHPUT,
                    MetricNames.POOL_LIMIT_SERVICE_TIME)) {
                MetricData d = m.get(name);
                assertThat(d == null || d.isEmpty()).as(name + " reports nothing with tuning off").isTrue();
            }
        }
    }

    private static <T> java.util.stream.Collector<T, ?, T> single() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }
}
