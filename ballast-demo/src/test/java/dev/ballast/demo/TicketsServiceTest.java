package dev.ballast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.DatabaseOptions;
import dev.ballast.demo.http.Failure;
import dev.ballast.demo.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The whole service on a real embedded PostgreSQL: API, schema, maintenance, ops endpoints, outage behaviour. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TicketsServiceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedDatabase database;
    private static TicketsService service;

    @BeforeAll
    static void start() {
        database = EmbeddedDatabase.start(false);
        DatabaseOptions options = DatabaseOptions.builder()
                .url(database.jdbcUrl())
                .username(database.username())
                .retryCount(1)
                .retryDelay(Duration.ofMillis(50))
                .circuitBreakerThreshold(2)
                .circuitBreakerDuration(Duration.ofSeconds(30))
                .connectionTimeout(Duration.ofSeconds(2))
                .build();
        service = TicketsService.start(options, new ServiceSettings("127.0.0.1", 0, 0, Duration.ofHours(1), 8));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static HttpResponse<String> send(URI base, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> api(String method, String path, String json) throws Exception {
        return send(service.apiUri(), method, path, json);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    @Test
    @Order(1)
    void flywayCreatedTheSchemaWithItsChecks() throws SQLException {
        assertThat(service.schemaVersion()).isEqualTo("1");
        try (Connection c = DriverManager.getConnection(database.directJdbcUrl(), "postgres", "");
                Statement s = c.createStatement()) {
            Assertions.assertThatThrownBy(() -> s.execute(
                    "INSERT INTO tickets (title, priority, status) VALUES ('t', 'High', 'Done')"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"));
        }
    }

    @Test
    @Order(2)
    void usersAndTicketsOverHttp() throws Exception {
        HttpResponse<String> user = api("POST", "api/users", "{\"name\":\"Grace\",\"email\":\"grace@example.com\"}");
        assertThat(user.statusCode()).isEqualTo(201);
        long userId = json(user).get("id").asLong();
        assertThat(json(api("GET", "api/users/" + userId, null)).get("name").asText()).isEqualTo("Grace");
        assertThat(api("POST", "api/users", "{\"name\":\"G\",\"email\":\"GRACE@example.com\"}").statusCode())
                .isEqualTo(409);

        String key = UUID.randomUUID().toString();
        HttpResponse<String> created = api("POST", "api/tickets", "{\"title\":\"Printer on fire\","
                + "\"description\":\"3rd floor\",\"priority\":\"Critical\",\"reporterId\":" + userId
                + ",\"requestKey\":\"" + key + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode ticket = json(created);
        long id = ticket.get("id").asLong();
        assertThat(ticket.get("status").asText()).isEqualTo("Open");
        assertThat(ticket.get("requestKey").asText()).isEqualTo(key);
        assertThat(ticket.get("createdAt").asText()).endsWith("Z");

        assertThat(json(api("GET", "api/tickets/" + id, null)).get("reporterId").asLong()).isEqualTo(userId);
        assertThat(json(api("GET", "api/tickets?status=Open", null)).findValuesAsText("id"))
                .contains(Long.toString(id));
        HttpResponse<String> patched = api("PATCH", "api/tickets/" + id, "{\"status\":\"Resolved\"}");
        assertThat(json(patched).get("status").asText()).isEqualTo("Resolved");
        assertThat(json(api("GET", "api/tickets?status=Open", null)).findValuesAsText("id"))
                .doesNotContain(Long.toString(id));
    }

    @Test
    @Order(3)
    void databaseRulesBecomeClientErrors() throws Exception {
        HttpResponse<String> noReporter = api("POST", "api/tickets", "{\"title\":\"x\",\"reporterId\":987654}");
        assertThat(noReporter.statusCode()).isEqualTo(400);
        assertThat(json(noReporter).get("errors").has("reporterId")).isTrue();
        assertThat(api("GET", "api/tickets/987654", null).statusCode()).isEqualTo(404);
        assertThat(api("PATCH", "api/tickets/987654", "{\"status\":\"Closed\"}").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void maintenanceVacuumsThroughResilience() throws SQLException {
        service.maintenance().vacuumNow();
        assertThat(service.maintenance().completedRuns()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void opsEndpointsAreServed() throws Exception {
        URI ops = service.opsUri();
        assertThat(send(ops, "GET", "health/live", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = send(ops, "GET", "health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("status").asText()).isIn("Healthy", "Degraded");
        assertThat(send(ops, "GET", "metrics", null).statusCode()).isEqualTo(200);
        HttpResponse<String> page = send(ops, "GET", "dashboard", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<svg class=\"chart\" data-chart=\"connections\"");
        HttpResponse<String> feed = send(ops, "GET", "dashboard/feed", null);
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(json(feed).get("pool").asText()).isEqualTo(service.ballast().options().poolName());
        assertThat(json(feed).at("/config/password").asText()).doesNotContain("secret");
    }

    @Test
    @Order(6)
    void whileTheDatabaseIsDownTheCircuitOpensAndRequestsGet503WithRetryAfter() throws Exception {
        database.server().stop();
        try {
            HttpResponse<String> last = null;
            for (int i = 0; i < 20; i++) {
                last = api("GET", "api/tickets/1", null);
                if (last.statusCode() == 503 && json(last).get("title").asText().equals(Failure.CIRCUIT_OPEN_TITLE)) {
                    break;
                }
                assertThat(last.statusCode()).isEqualTo(503); // transient failures before the breaker opens
            }
            assertThat(json(last).get("title").asText()).isEqualTo(Failure.CIRCUIT_OPEN_TITLE);
            assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(
                    v -> assertThat(Integer.parseInt(v)).isBetween(1, 30));
            HttpResponse<String> write = api("POST", "api/tickets", "{\"title\":\"during the outage\"}");
            assertThat(write.statusCode()).isEqualTo(503);
            assertThat(write.headers().firstValue("Retry-After")).isPresent();
            // readiness reuses one probe's answer for about a second: wait (bounded) for a probe after the stop
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            HttpResponse<String> ready = send(service.opsUri(), "GET", "health/ready", null);
            while (ready.statusCode() == 200 && System.nanoTime() < deadline) {
                ready = send(service.opsUri(), "GET", "health/ready", null);
            }
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        } finally {
            database.server().start();
        }
    }
}
