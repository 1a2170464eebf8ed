package dev.ballast.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The optional bearer token: metrics and dashboard behind it, health open for probes, the token never logged. */
class OpsServerTokenTest {

    private static final String TOKEN = "s3cr3t-token-0123456789abcdef";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OpsServer server;
    private Dashboard dashboard;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    private int status(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void metricsAndDashboardNeedTheTokenWhileHealthStaysOpen() throws Exception {
        try (CapturedStderr log = new CapturedStderr()) {
            dashboard = Dashboard.create();
            server = OpsServer.builder().port(0).bearerToken(TOKEN).metrics(PrometheusMetricReader.create())
                    .readiness(() -> new HealthReport("database", HealthStatus.HEALTHY, "ok", Duration.ZERO, Map.of(),
                            List.of("ready")))
                    .dashboard(dashboard).start();
            for (String path : List.of("/metrics", "/dashboard", "/dashboard/feed")) {
                assertThat(status(path, null)).as(path + " without a token").isEqualTo(401);
                assertThat(status(path, "Bearer wrong")).as(path + " with a short wrong token").isEqualTo(401);
                assertThat(status(path, "Bearer " + TOKEN.replace('s', 'S'))).as(path + " same length, wrong")
                        .isEqualTo(401);
                assertThat(status(path, "Basic " + TOKEN)).as(path + " another scheme").isEqualTo(401);
                assertThat(status(path, "Bearer " + TOKEN + "x")).as(path + " a longer token").isEqualTo(401);
            }
            assertThat(status("/metrics", "Bearer " + TOKEN)).isEqualTo(200);
            assertThat(status("/metrics", "bearer " + TOKEN)).as("the scheme is case-insensitive").isEqualTo(200);
            assertThat(status("/dashboard", "Bearer " + TOKEN)).isEqualTo(200);
            assertThat(status("/dashboard/feed", "Bearer " + TOKEN)).as("not attached yet, but past the token")
                    .isEqualTo(503);
            assertThat(status("/health/live", null)).isEqualTo(200);
            assertThat(status("/health/ready", null)).isEqualTo(200);
            assertThat(log.text()).doesNotContain(TOKEN).contains("bearer token required");
        }
    }

    @Test
    void withoutATokenEverythingIsOpen() throws Exception {
        server = OpsServer.builder().port(0).metrics(PrometheusMetricReader.create()).start();
        assertThat(status("/metrics", null)).isEqualTo(200);
        assertThat(status("/metrics", "Bearer anything-at-all-here")).isEqualTo(200);
    }

    @Test
    void aWeakTokenIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> OpsServer.builder().bearerToken("short-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bearerToken must be at least 16 characters, but was 12");
        assertThatThrownBy(() -> OpsServer.builder().bearerToken("has a space in the middle!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("space in the middle");
        assertThatThrownBy(() -> OpsServer.builder().route("/health/extra", exchange -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
