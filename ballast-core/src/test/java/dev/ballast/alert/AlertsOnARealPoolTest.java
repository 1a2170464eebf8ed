package dev.ballast.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.event.BallastListener;
import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import dev.ballast.metrics.MetricNames;
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
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The whole alert path on a real pool: exhaust it (every connection held, a caller waiting), and the waiters,
 * utilisation and borrow-timeout alerts reach a listener, the metric and the health check; release it and they
 * clear. Short thresholds so that it takes seconds.
 */
@WithPostgres
class AlertsOnARealPoolTest {

    /** Hands alert events to the test thread. */
    static final class Events implements BallastListener {
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        final List<String> seen = new java.util.ArrayList<>();

        @Override
        public void alertFired(Alert alert) {
            queue.add("fired " + alert.name());
        }

        @Override
        public void alertCleared(Alert alert) {
            queue.add("cleared " + alert.name());
        }
    }

    /** Waits until {@code expected} has happened (events of different rules may come in any order). */
    static void next(Events events, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!events.seen.contains(expected)) {
            String e = events.queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(e).as("waiting for " + expected + "; seen " + events.seen).isNotNull();
            events.seen.add(e);
        }
    }

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
    void anExhaustedPoolRaisesAlertsEverywhereAndTheyClearWhenItRecovers(PostgresServer pg) throws Exception {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        Events events = new Events();
        DatabaseOptions options = DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username())
                .minPoolSize(1).maxPoolSize(2).connectionTimeout(Duration.ofSeconds(2))
                .validationTimeout(Duration.ofSeconds(2)).healthDegradedBelowMaxPoolSize(1).poolName("alerting")
                .build();
        AlertThresholds thresholds = AlertThresholds.builder().utilisation(0.5, Duration.ofMillis(500))
                .waitersFor(Duration.ofMillis(500)).borrowTimeoutQuietPeriod(Duration.ofSeconds(3))
                .evaluationInterval(Duration.ofMillis(100)).build();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
                Ballast db = Ballast.start(options, otel, List.of(events), thresholds)) {
            assertThat(db.healthCheck().check().status()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(active(reader, "pool_waiters_present")).isZero();

            Connection a = db.dataSource().getConnection();
            Connection b = db.dataSource().getConnection();
            AtomicBoolean release = new AtomicBoolean();
            CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> {
                int timeouts = 0;
                while (!release.get()) { // keeps a caller waiting until released; each wait ends in a timeout
                    try (Connection c = db.dataSource().getConnection()) {
                        c.isValid(1);
                    } catch (SQLTransientConnectionException e) {
                        timeouts++;
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return timeouts;
            });
            next(events, "fired pool_utilisation_high");
            next(events, "fired pool_waiters_present");
            next(events, "fired borrow_timeout");
            assertThat(db.activeAlerts()).extracting(Alert::name).contains("pool_utilisation_high",
                    "borrow_timeout");
            HealthReport health = db.healthCheck().check();
            assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat((String) health.data().get("active_alerts")).contains("pool_utilisation_high");
            assertThat(health.description()).contains("alerts firing");
            assertThat(active(reader, "pool_utilisation_high")).isEqualTo(1);
            assertThat(active(reader, "circuit_open")).isZero();

            release.set(true);
            assertThat(waiter.get(30, TimeUnit.SECONDS)).isPositive();
            a.close();
            b.close();
            next(events, "cleared pool_waiters_present");
            next(events, "cleared pool_utilisation_high");
            next(events, "cleared borrow_timeout"); // 3 s after the last timeout
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!db.activeAlerts().isEmpty() && System.nanoTime() < deadline) {
                events.queue.poll(100, TimeUnit.MILLISECONDS); // wakes on the next alert event
            }
            assertThat(db.activeAlerts()).isEmpty();
            assertThat(db.healthCheck().check().status()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(active(reader, "pool_waiters_present")).isZero();
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("ballast-alerting-alerts")) {
                t.join(10_000); // its executor has terminated; the worker may still be returning
                assertThat(t.isAlive()).as("the alert thread ended").isFalse();
            }
        }
    }
}
