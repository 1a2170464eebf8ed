package dev.ballast.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import dev.ballast.metrics.MetricNames;
import dev.ballast.testkit.FaultProxy;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The {@code connection_open_slow} rule on a real server: connection opens slowed by the fault proxy's latency
 * make it fire (listener, metric, health), and healing the proxy clears it. Pooling is off so that every borrow
 * opens a connection; the thresholds are {@code DatabaseOptions} keys, shortened so that it takes seconds.
 */
@WithPostgres
class ConnectionOpenSpikeOnARealServerTest {

    private static long active(InMemoryMetricReader reader, String alert) {
        for (MetricData m : reader.collectAllMetrics()) {
            if (m.getName().equals(MetricNames.ALERTS_ACTIVE)) {
                for (LongPointData p : m.getLongGaugeData().getPoints()) {
                    if (alert.equals(p.getAttributes().get(AttributeKey.stringKey(MetricNames.ALERT)))) {
                        return p.getValue();
                    }
                }
            }
        }
        return -1;
    }

    @Test
    void slowedConnectionOpensFireTheAlertAndHealingClearsIt(PostgresServer pg) throws Exception {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        AlertsOnARealPoolTest.Events events = new AlertsOnARealPoolTest.Events();
        try (FaultProxy proxy = FaultProxy.start(pg);
                OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build()) {
            DatabaseOptions options = DatabaseOptions.builder().url(proxy.jdbcUrl("postgres"))
                    .username(pg.username()).password(pg.password()).enablePooling(false).minPoolSize(0)
                    .healthDegradedBelowMaxPoolSize(0).poolName("open-spike")
                    .connectionTimeout(Duration.ofSeconds(20))
                    .alertOpenDurationWindow(Duration.ofSeconds(2)).alertOpenDurationBaseline(Duration.ofMinutes(5))
                    .alertOpenDurationFactor(3).alertOpenDurationFloor(Duration.ofMillis(100)).build();
            try (Ballast db = Ballast.start(options, otel, List.of(events))) {
                for (int i = 0; i < 5; i++) { // the baseline: opens on loopback take milliseconds
                    db.dataSource().getConnection().close();
                }
                assertThat(db.activeAlerts()).isEmpty();

                AtomicBoolean going = new AtomicBoolean(true);
                CompletableFuture<Integer> opener = CompletableFuture.supplyAsync(() -> {
                    int opened = 0;
                    while (going.get()) { // keeps opening, slow or fast, until told to stop
                        try (Connection c = db.dataSource().getConnection()) {
                            opened++;
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return opened;
                });
                try {
                    proxy.latency(Duration.ofMillis(150));
                    AlertsOnARealPoolTest.next(events, "fired connection_open_slow");
                    assertThat(db.activeAlerts()).extracting(Alert::name).contains("connection_open_slow");
                    assertThat(db.activeAlerts().stream().filter(a -> a.rule() == AlertRule.CONNECTION_OPEN_SLOW)
                            .findFirst().orElseThrow().message()).contains("opening a connection took");
                    assertThat(active(reader, "connection_open_slow")).isEqualTo(1);
                    HealthReport health = db.healthCheck().check();
                    assertThat(health.status()).as(health.description()).isEqualTo(HealthStatus.DEGRADED);
                    assertThat((String) health.data().get("active_alerts")).contains("connection_open_slow");

                    proxy.heal();
                    AlertsOnARealPoolTest.next(events, "cleared connection_open_slow");
                    assertThat(active(reader, "connection_open_slow")).isZero();
                } finally {
                    going.set(false);
                    proxy.heal();
                }
                assertThat(opener.get(60, TimeUnit.SECONDS)).isPositive();
            }
        }
    }
}
