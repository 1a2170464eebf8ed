package dev.ballast.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private OpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HealthReport report(HealthStatus status) {
        return new HealthReport("database", status, "test " + status, Duration.ofMillis(12),
                Map.of("max_pool_size", 20), List.of("ready"));
    }

    @Test
    void liveAnswers200WhateverTheDatabaseSays() throws Exception {
        server = OpsServer.builder().port(0).readiness(() -> report(HealthStatus.UNHEALTHY)).start();
        HttpResponse<String> r = get("/health/live");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).get("status").asText()).isEqualTo("Healthy");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void readyMapsHealthyAndDegradedTo200AndUnhealthyTo503() throws Exception {
        AtomicReference<HealthStatus> status = new AtomicReference<>(HealthStatus.HEALTHY);
        server = OpsServer.builder().port(0).readiness(() -> report(status.get())).start();

        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        status.set(HealthStatus.DEGRADED);
        HttpResponse<String> degraded = get("/health/ready");
        assertThat(degraded.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(degraded.body());
        assertThat(body.get("status").asText()).isEqualTo("Degraded");
        assertThat(body.at("/entries/database/data/max_pool_size").asInt()).isEqualTo(20);
        assertThat(body.at("/entries/database/duration").asText()).isEqualTo("00:00:00.0120000");
        status.set(HealthStatus.UNHEALTHY);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void aReadinessCheckThatThrowsIsUnhealthyNotAHang() throws Exception {
        server = OpsServer.builder().port(0).readiness(() -> {
            throw new IllegalStateException("boom");
        }).start();
        HttpResponse<String> r = get("/health/ready");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json.readTree(r.body()).get("status").asText()).isEqualTo("Unhealthy");
    }

    @Test
    void metricsServesValidPrometheusTextOfTheSdkMetrics() throws Exception {
        PrometheusMetricReader reader = PrometheusMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            Meter meter = provider.get("test");
            Attributes pool = Attributes.of(AttributeKey.stringKey("db.client.connection.pool.name"), "main");
            meter.counterBuilder("db.connection.opened").build().add(3, pool);
            meter.histogramBuilder("db.connection.open.duration").setUnit("ms").build().record(4.5, pool);
            meter.upDownCounterBuilder("db.client.connection.count").build().add(2, pool);
            server = OpsServer.builder().port(0).metrics(reader).start();

            HttpResponse<String> r = get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            PrometheusTextParser text = PrometheusTextParser.parse(r.body());
            assertThat(text.types).containsEntry("db_connection_opened_total", "counter")
                    .containsEntry("db_connection_open_duration_milliseconds", "histogram");
            assertThat(text.named("db_connection_opened_total"))
                    .singleElement()
                    .satisfies(s -> {
                        assertThat(s.value()).isEqualTo(3.0);
                        assertThat(s.labels()).containsEntry("db_client_connection_pool_name", "main");
                    });
            assertThat(text.named("db_connection_open_duration_milliseconds_count")).singleElement()
                    .satisfies(s -> assertThat(s.value()).isEqualTo(1.0));
        }
    }

    @Test
    void onlyGetAndHeadOnKnownPaths() throws Exception {
        server = OpsServer.builder().port(0).readiness(() -> report(HealthStatus.HEALTHY)).start();
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/health/ready"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(get("/health/readyz").statusCode()).isEqualTo(404);
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void bindsToLoopbackByDefaultAndStopsListeningOnClose() throws Exception {
        server = OpsServer.builder().port(0).start();
        URI base = server.baseUri();
        assertThat(base.getHost()).isEqualTo("127.0.0.1");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        server.close();
        server = null;
        HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(base.resolve("/health/live")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }
}
