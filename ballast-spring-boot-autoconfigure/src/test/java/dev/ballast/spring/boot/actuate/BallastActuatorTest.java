package dev.ballast.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.Ballast;
import dev.ballast.testkit.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * Actuator on a running application whose DataSource is Ballast on a real (embedded) PostgreSQL, over real HTTP on a
 * random management port: health, readiness, metrics and the dashboard endpoint.
 */
@SpringBootTest(classes = TestBallast.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.ballast.pool-name=" + TestBallast.POOL,
        "spring.datasource.ballast.application-name=" + TestBallast.POOL,
        "spring.datasource.ballast.max-pool-size=12",
        "spring.datasource.ballast.min-pool-size=2",
        "spring.datasource.ballast.validation-timeout-seconds=2",
        "management.server.port=0",
        "management.endpoints.web.exposure.include=health,metrics,ballast",
        "management.endpoint.health.show-details=always"})
class BallastActuatorTest {

    @LocalManagementPort
    int managementPort;

    @Autowired
    Ballast ballast;

    @Autowired
    DataSource dataSource;

    @Autowired
    PostgresServer postgres;

    @Autowired
    HealthEndpointGroups healthGroups;

    private ActuatorHttp http;

    @BeforeEach
    void client() {
        http = new ActuatorHttp(managementPort);
    }

    @Test
    void healthAnswersWithBallastsStatusAndData() throws Exception {
        HttpResponse<String> response = http.get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode db = ActuatorHttp.parse(response.body()).path("components").path("db");
        assertThat(db.path("status").asText()).isEqualTo("UP");
        JsonNode details = db.path("details");
        assertThat(details.path("ballast_status").asText()).isEqualTo("Healthy");
        assertThat(details.path("pool_name").asText()).isEqualTo("orders");
        assertThat(details.path("max_pool_size").asInt()).isEqualTo(12);
        assertThat(details.path("min_pool_size").asInt()).isEqualTo(2);
        assertThat(details.path("circuit_breaker_state").asText()).isEqualTo("CLOSED");
        assertThat(details.has("connections_idle")).isTrue();
        assertThat(details.path("description").asText()).isEqualTo("The pool is configured well and the database answers.");
        assertThat(response.body()).doesNotContain(TestBallast.SECRET);
        String sample = System.getProperty("ballast.actuator.sample");
        if (sample != null) { // the output quoted in docs/spring-boot-actuator.md
            Files.writeString(Path.of(sample), response.body());
        }
    }

    @Test
    void readinessGroupIncludesTheDatabase() throws Exception {
        HttpResponse<String> response = http.get("/actuator/health/readiness");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ActuatorHttp.parse(response.body()).path("status").asText()).isEqualTo("UP");
        HealthEndpointGroup readiness = healthGroups.get("readiness"); // the probe group hides its components
        assertThat(readiness.isMember("db")).isTrue();
        assertThat(readiness.isMember("readinessState")).isTrue();
        assertThat(healthGroups.get("liveness").isMember("db")).isFalse();
        assertThat(healthGroups.getPrimary().isMember("db")).isTrue();
    }

    @Test
    void healthProbesOpenNoNewConnection() throws Exception {
        http.get("/actuator/health"); // warm: the probe has borrowed (and so opened) what it needs
        long createdBefore = ballast.stats().connectionsCreated();
        int backendsBefore = backends();

        for (int i = 0; i < 60; i++) {
            assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
        }

        assertThat(ballast.stats().connectionsCreated()).isEqualTo(createdBefore);
        assertThat(backends()).isEqualTo(backendsBefore).isLessThanOrEqualTo(ballast.stats().max());
    }

    @Test
    void jdbcConnectionMetricsFollowBorrowedConnections() throws Exception {
        assertThat(http.json("/actuator/metrics").path("names").toString())
                .contains("\"jdbc.connections.active\"", "\"jdbc.connections.idle\"", "\"jdbc.connections.max\"",
                        "\"jdbc.connections.min\"", "\"jdbc.connections.usage\"");
        assertThat(http.json("/actuator/metrics/jdbc.connections.active").path("availableTags").toString())
                .contains("dataSource");
        assertThat(metric("jdbc.connections.max")).isEqualTo(12.0);
        assertThat(metric("jdbc.connections.min")).isEqualTo(2.0);
        double activeBefore = metric("jdbc.connections.active");
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(dataSource.getConnection());
            }
            assertThat(awaitMetric("jdbc.connections.active", activeBefore + 3)).isEqualTo(activeBefore + 3);
            assertThat(metric("jdbc.connections.usage")).isGreaterThanOrEqualTo(3.0 / 12);
            assertThat(awaitMetric("db.client.connection.count?tag=db.client.connection.state:used",
                    activeBefore + 3)).isEqualTo(activeBefore + 3);
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        assertThat(awaitMetric("jdbc.connections.active", activeBefore)).isEqualTo(activeBefore);
    }

    @Test
    void ballastsOwnMetersArePublished() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.isValid(1);
        }
        String names = http.json("/actuator/metrics").path("names").toString();
        assertThat(names).contains("\"db.client.connection.count\"", "\"db.client.connection.max\"",
                "\"db.client.connection.idle.min\"", "\"db.client.connection.pending_requests\"",
                "\"db.client.connection.timeouts\"", "\"db.client.connection.wait_time\"",
                "\"db.client.connection.use_time\"", "\"db.connection.opened\"", "\"db.connection.closed\"",
                "\"ballast.circuit_breaker.state\"", "\"ballast.alerts.active\"");
        assertThat(metric("db.client.connection.max")).isEqualTo(12.0);
        assertThat(metric("db.connection.opened")).isEqualTo(ballast.stats().connectionsCreated());
        assertThat(metric("ballast.circuit_breaker.state")).isEqualTo(0.0);
        JsonNode wait = http.json("/actuator/metrics/db.client.connection.wait_time");
        assertThat(wait.path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(wait.path("availableTags").toString()).contains("orders");
        for (String meter : List.of("", "/db.client.connection.count", "/jdbc.connections.active",
                "/ballast.alerts.active", "/db.connection.opened")) {
            assertThat(http.get("/actuator/metrics" + meter).body()).doesNotContain(TestBallast.SECRET);
        }
    }

    @Test
    void dashboardIsServedUnderTheActuatorBasePath() throws Exception {
        HttpResponse<String> page = http.get("/actuator/ballast/dashboard");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<html").contains("dashboard/feed");

        HttpResponse<String> feed = http.get("/actuator/ballast/dashboard/feed");
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(ActuatorHttp.parse(feed.body()).path("pool").asText()).isEqualTo("orders");

        HttpResponse<String> glance = http.get("/actuator/ballast");
        assertThat(glance.statusCode()).isEqualTo(200);
        JsonNode pool = ActuatorHttp.parse(glance.body());
        assertThat(pool.path("pool").asText()).isEqualTo("orders");
        assertThat(pool.path("stats").path("max").asInt()).isEqualTo(12);

        assertThat(http.get("/actuator/ballast/elsewhere").statusCode()).isEqualTo(404);
        assertThat(http.get("/actuator/ballast/dashboard/elsewhere").statusCode()).isEqualTo(404);
        for (HttpResponse<String> r : List.of(page, feed, glance)) {
            assertThat(r.body()).doesNotContain(TestBallast.SECRET);
        }
    }

    @Test
    void dashboardHearsThePoolsEvents() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (Connection c = dataSource.getConnection()) {
                c.isValid(1);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long borrows = borrowsInFeed();
        while (borrows < 5 && System.nanoTime() < deadline) { // sampled once a second
            TimeUnit.MILLISECONDS.sleep(100);
            borrows = borrowsInFeed();
        }
        assertThat(borrows).isGreaterThanOrEqualTo(5);
    }

    private long borrowsInFeed() throws Exception {
        long sum = 0;
        for (JsonNode n : http.json("/actuator/ballast/dashboard/feed").path("series").path("borrows")) {
            sum += n.asLong();
        }
        return sum;
    }

    private double metric(String name) throws Exception {
        JsonNode m = http.json("/actuator/metrics/" + name);
        return m.path("measurements").get(0).path("value").asDouble();
    }

    /** Polls a metric until it shows {@code expected} (at most 10 s), and returns what it last showed. */
    private double awaitMetric(String name, double expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        double value = metric(name);
        while (value != expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
            value = metric(name);
        }
        return value;
    }

    /** This pool's backends in pg_stat_activity, counted over a connection of the test's own. */
    private int backends() throws Exception {
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select count(*) from pg_stat_activity where application_name = '" + TestBallast.POOL + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
