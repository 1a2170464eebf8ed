package dev.ballast.demo.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.demo.CapturedStderr;
import dev.ballast.resilience.CircuitOpenException;
import dev.ballast.resilience.CircuitState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP adapter alone, on an in-memory desk: routing, status codes, problem bodies, failure mapping. */
class TicketsApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FakeDesk desk;
    private static ApiServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        desk = new FakeDesk();
        server = ApiServer.start("127.0.0.1", 0, desk, 4);
        base = server.baseUri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    @Test
    void createThenReadThenPatchATicket() throws Exception {
        HttpResponse<String> created = send("POST", "api/tickets",
                "{\"title\":\"Printer on fire\",\"description\":\"3rd floor\",\"priority\":\"High\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode ticket = json(created);
        long id = ticket.get("id").asLong();
        assertThat(ticket.get("status").asText()).isEqualTo("Open");
        assertThat(ticket.get("priority").asText()).isEqualTo("High");
        assertThat(ticket.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/tickets/" + id);

        assertThat(json(send("GET", "api/tickets/" + id, null)).get("title").asText()).isEqualTo("Printer on fire");
        HttpResponse<String> patched = send("PATCH", "api/tickets/" + id, "{\"status\":\"InProgress\"}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(json(patched).get("status").asText()).isEqualTo("InProgress");
        assertThat(json(send("GET", "api/tickets?status=InProgress", null)).findValuesAsText("id"))
                .contains(Long.toString(id));
    }

    @Test
    void validationProblemNamesEachField() throws Exception {
        HttpResponse<String> r = send("POST", "api/tickets", "{\"title\":\"\",\"priority\":\"Urgent\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(r);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("type").asText()).isEqualTo("https://tools.ietf.org/html/rfc9110#section-15.5.1");
        assertThat(problem.get("errors").fieldNames()).toIterable().containsExactly("title", "priority");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/tickets");
    }

    @Test
    void unknownFieldsMalformedJsonAndWrongTypesAre400() throws Exception {
        assertThat(json(send("POST", "api/tickets", "{\"title\":\"t\",\"owner\":1}")).get("errors").has("owner"))
                .isTrue();
        assertThat(json(send("POST", "api/tickets", "{\"title\":")).get("errors").has("body")).isTrue();
        assertThat(send("PATCH", "api/tickets/1", "{\"status\":[1]}").statusCode()).isEqualTo(400);
        assertThat(send("GET", "api/tickets?limit=0", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "api/tickets?status=Done", null).statusCode()).isEqualTo(400);
    }

    @Test
    void nonJsonBodyIs415() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(base.resolve("api/tickets"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("title=x")).build();
        assertThat(HTTP.send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
    }

    @Test
    void missingRowsUnknownRoutesAndWrongMethods() throws Exception {
        assertThat(send("GET", "api/tickets/999999", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "api/users/999999", null).statusCode()).isEqualTo(404);
        assertThat(send("PATCH", "api/tickets/999999", "{\"status\":\"Closed\"}").statusCode()).isEqualTo(404);
        assertThat(send("GET", "api/tickets/abc", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "api/nothing", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "index.html", null).statusCode()).isEqualTo(404);
        HttpResponse<String> wrong = send("DELETE", "api/tickets/1", null);
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("Allow")).hasValue("GET, PATCH");
        assertThat(send("PUT", "api/tickets", "{}").headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(send("GET", "api/users", null).headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void usersAndTheirConflicts() throws Exception {
        HttpResponse<String> created = send("POST", "api/users", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        long id = json(created).get("id").asLong();
        assertThat(json(send("GET", "api/users/" + id, null)).get("email").asText()).isEqualTo("ada@example.com");
        assertThat(send("POST", "api/users", "{\"name\":\"Ada\",\"email\":\"ADA@example.com\"}").statusCode())
                .isEqualTo(409);
    }

    @Test
    void openCircuitIs503WithRetryAfterFromTheBreaker() throws Exception {
        desk.failWith(new CircuitOpenException(CircuitState.OPEN, Duration.ofMillis(2300)));
        try {
            HttpResponse<String> r = send("GET", "api/tickets/1", null);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(json(r).get("title").asText()).isEqualTo(Failure.CIRCUIT_OPEN_TITLE);

            desk.failWith(new SQLTransientConnectionException("Connection refused", "08001"));
            HttpResponse<String> other = send("POST", "api/tickets", "{\"title\":\"x\"}");
            assertThat(other.statusCode()).isEqualTo(503);
            assertThat(other.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(json(other).get("title").asText()).isEqualTo(Failure.UNAVAILABLE_TITLE);
        } finally {
            desk.failWith(null);
        }
    }

    @Test
    void aServerFaultIs500WithACorrelationIdAndTheDetailOnlyInTheLog() throws Exception {
        desk.failWith(new SQLException("permission denied for table payroll (user bob on db-7.internal)", "42501"));
        try (CapturedStderr log = new CapturedStderr()) {
            HttpResponse<String> r = send("GET", "api/tickets/1", null);
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).doesNotContain("payroll").doesNotContain("bob").doesNotContain("db-7");
            String detail = json(r).get("detail").asText();
            String id = detail.replaceAll(".*correlation id ([0-9a-f]{16}).*", "$1");
            assertThat(id).matches("[0-9a-f]{16}");
            assertThat(log.text()).contains(id).contains("db-7.internal");
        } finally {
            desk.failWith(null);
        }
    }
}
