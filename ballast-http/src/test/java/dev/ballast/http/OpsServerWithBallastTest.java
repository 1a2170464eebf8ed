package dev.ballast.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ops endpoints over real HTTP, in front of a real Ballast on a real PostgreSQL. */
@WithPostgres
class OpsServerWithBallastTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAndReadinessOfARealPool(PostgresServer pg) throws Exception {
        PrometheusMetricReader reader = PrometheusMetricReader.create();
        DatabaseOptions options = DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username())
                .password("never-shown").maxPoolSize(12).minPoolSize(2).poolName("orders")
                .validationTimeout(Duration.ofSeconds(2)).build();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
                Ballast db = Ballast.start(options, otel);
                OpsServer server = OpsServer.builder().port(0).readiness(db.healthCheck()::check).metrics(reader)
                        .start()) {
            db.resilience().withConnection(c -> c.isValid(1));
            try (Connection held = db.dataSource().getConnection()) {
                HttpResponse<String> metrics = get(server, "/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                PrometheusTextParser text = PrometheusTextParser.parse(metrics.body());
                assertThat(text.types.keySet()).contains("db_connection_opened_total",
                        "db_client_connection_count", "db_client_connection_max",
                        "db_client_connection_pending_requests", "db_client_connection_wait_time_seconds",
                        "db_client_connection_use_time_seconds", "db_client_connection_create_time_seconds",
                        "ballast_circuit_breaker_state");
                assertThat(text.named("db_client_connection_count")).anySatisfy(s -> {
                    assertThat(s.labels()).containsEntry("db_client_connection_state", "used")
                            .containsEntry("db_client_connection_pool_name", "orders");
                    assertThat(s.value()).isEqualTo(1.0);
                });
                assertThat(text.named("db_client_connection_max")).singleElement()
                        .satisfies(s -> assertThat(s.value()).isEqualTo(12.0));
                assertThat(metrics.body()).doesNotContain("never-shown");
            }

            HttpResponse<String> ready = get(server, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode json = new ObjectMapper().readTree(ready.body());
            assertThat(json.get("status").asText()).isEqualTo("Healthy");
            for (String key : List.of("pooling_enabled", "min_pool_size", "max_pool_size", "connection_lifetime_sec",
                    "idle_lifetime_sec", "retry_policy_enabled", "circuit_breaker_enabled")) {
                assertThat(json.at("/entries/database/data/" + key).isMissingNode()).as(key).isFalse();
            }

            pg.stop();
            try {
                // readiness reuses one probe's answer for about a second: the first answers may predate the stop
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                HttpResponse<String> down = get(server, "/health/ready");
                while (down.statusCode() == 200 && System.nanoTime() < deadline) {
                    down = get(server, "/health/ready");
                }
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("Unhealthy").contains("correlation_id").doesNotContain("never-shown")
                        .doesNotContain(pg.username()).doesNotContain(Integer.toString(pg.port()));
                assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            } finally {
                pg.start();
            }
        }
    }
}
