package dev.ballast.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.http.Dashboard;
import dev.ballast.testkit.PostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Actuator as an application gets it without exposing anything beyond {@code health}: a database that stops turns
 * health, and the readiness group, DOWN with Ballast's reason; the dashboard endpoint is not served; Spring's
 * {@code management.metrics.enable.<prefix>} switch turns Ballast's meter names off.
 */
@SpringBootTest(classes = TestBallast.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.ballast.pool-name=" + TestBallast.POOL,
        "spring.datasource.ballast.application-name=" + TestBallast.POOL,
        "spring.datasource.ballast.max-pool-size=12",
        "spring.datasource.ballast.min-pool-size=2",
        "spring.datasource.ballast.validation-timeout-seconds=2",
        "management.server.port=0",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.group.readiness.show-details=always",
        "management.metrics.enable.ballast=false"})
@DirtiesContext
class ActuatorDefaultsTest {

    @LocalManagementPort
    int managementPort;

    @Autowired
    PostgresServer postgres;

    @Autowired
    ApplicationContext context;

    @Autowired
    MeterRegistry registry;

    @Test
    void springsMeterSwitchesTurnBallastsNamesOff() {
        assertThat(registry.find("ballast.circuit_breaker.state").meters()).isEmpty();
        assertThat(registry.find("ballast.alerts.active").meters()).isEmpty();
        assertThat(registry.get("db.client.connection.max").gauge().value()).isEqualTo(12.0);
        assertThat(registry.get("jdbc.connections.max").gauge().value()).isEqualTo(12.0);
    }

    @Test
    void dashboardIsNotServedUnlessExposed() throws Exception {
        ActuatorHttp http = new ActuatorHttp(managementPort);

        assertThat(http.get("/actuator/ballast/dashboard").statusCode()).isEqualTo(404);
        assertThat(context.getBeansOfType(BallastEndpoint.class)).isEmpty();
        assertThat(context.getBeansOfType(Dashboard.class)).isEmpty(); // so no sampling thread either
        assertThat(http.get("/actuator/metrics").statusCode()).isEqualTo(404);
    }

    @Test
    void stoppedServerTurnsHealthDownWithBallastsReason() throws Exception {
        ActuatorHttp http = new ActuatorHttp(managementPort);
        assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);

        postgres.stop();

        HttpResponse<String> health = awaitStatus(http, "/actuator/health", 503);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        JsonNode db = ActuatorHttp.parse(health.body()).path("components").path("db");
        assertThat(db.path("status").asText()).isEqualTo("DOWN");
        assertThat(db.path("details").path("ballast_status").asText()).isEqualTo("Unhealthy");
        assertThat(db.path("details").path("description").asText()).startsWith("Cannot connect to the database: ");
        assertThat(db.path("details").path("error").asText()).isNotEmpty();
        assertThat(health.body()).doesNotContain(TestBallast.SECRET);
        String sample = System.getProperty("ballast.actuator.sample.down");
        if (sample != null) { // the output quoted in docs/spring-boot-actuator.md
            java.nio.file.Files.writeString(java.nio.file.Path.of(sample), health.body());
        }

        HttpResponse<String> readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
        assertThat(ActuatorHttp.parse(readiness.body()).path("components").path("db").path("status").asText())
                .isEqualTo("DOWN");
        assertThat(readiness.body()).doesNotContain(TestBallast.SECRET);
        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    /** Polls until the path answers {@code status} (the probe's answer is reused for a second), at most 30 s. */
    private static HttpResponse<String> awaitStatus(ActuatorHttp http, String path, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> r = http.get(path);
        while (r.statusCode() != status && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            r = http.get(path);
        }
        return r;
    }
}
