package dev.ballast.spring.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.DatabaseOptions;
import dev.ballast.demo.ServiceSettings;
import dev.ballast.demo.TicketsService;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot application and the plain demo side by side, each on its own fresh database of one real
 * PostgreSQL: the same requests, in the same order, must get the same status, the same headers that matter
 * ({@code Content-Type}, {@code Location}, {@code Allow}, {@code Cache-Control}) and the same JSON, timestamps
 * aside (both must be ISO-8601 instants).
 */
@WithPostgres
class SameApiAsPlainDemoTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static TicketsService plain;
    private static ConfigurableApplicationContext spring;
    private static URI springApi;

    @BeforeAll
    static void start(PostgresServer pg) throws Exception {
        plain = TicketsService.start(DatabaseOptions.builder().url(pg.createDatabase("plain"))
                .username(pg.username()).build(), new ServiceSettings("127.0.0.1", 0, 0, Duration.ofHours(1), 8));
        spring = SpringApplication.run(TicketsApplication.class,
                "--spring.datasource.url=" + pg.createDatabase("spring"),
                "--spring.datasource.username=" + pg.username(),
                "--server.port=0");
        springApi = URI.create("http://127.0.0.1:"
                + ((WebServerApplicationContext) spring).getWebServer().getPort() + "/");
    }

    @AfterAll
    static void stop() {
        if (spring != null) {
            spring.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    @Test
    void everyMainPathAnswersAsThePlainDemoDoes() throws Exception {
        String key = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
        List<Exchange> exchanges = List.of(
                json("POST", "api/users", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}"),
                json("POST", "api/users", "{\"name\":\"Ada again\",\"email\":\"ADA@example.com\"}"),
                json("POST", "api/users", "{\"name\":\"\",\"email\":\"not an address\"}"),
                get("api/users/1"),
                get("api/users/999"),
                json("POST", "api/tickets", "{\"title\":\"Printer on fire\",\"description\":\"Third floor\","
                        + "\"priority\":\"High\",\"reporterId\":1,\"requestKey\":\"" + key + "\"}"),
                json("POST", "api/tickets", "{\"title\":\"Coffee machine\"}"),
                get("api/tickets/1"),
                get("api/tickets/2"),
                get("api/tickets/424242"),
                get("api/tickets/abc"),
                get("api/tickets/-1"),
                get("api/tickets"),
                get("api/tickets?status=Open&limit=1"),
                get("api/tickets?status=Nope"),
                get("api/tickets?limit=0"),
                json("PATCH", "api/tickets/1", "{\"status\":\"InProgress\"}"),
                get("api/tickets?status=InProgress"),
                json("PATCH", "api/tickets/999", "{\"status\":\"Closed\"}"),
                json("PATCH", "api/tickets/1", "{\"status\":\"Sleeping\"}"),
                json("POST", "api/tickets", "{\"title\":\"\"}"),
                json("POST", "api/tickets", "{\"title\":\"Bad priority\",\"priority\":\"Urgent\"}"),
                json("POST", "api/tickets", "{\"title\":\"Colour\",\"colour\":\"red\"}"),
                json("POST", "api/tickets", "{\"title\":42}"),
                json("POST", "api/tickets", "{\"title\":\"Broken"),
                json("POST", "api/tickets", ""),
                json("POST", "api/tickets", "{\"title\":\"Nobody\",\"reporterId\":999}"),
                new Exchange("POST", "api/tickets", "text/plain", "{\"title\":\"Plain text\"}"),
                new Exchange("DELETE", "api/tickets/1", null, null),
                new Exchange("PUT", "api/tickets", "application/json", "{}"),
                get("api/users"),
                get("api/nothing"),
                get("api/tickets/1/comments"));
        List<String> differences = new ArrayList<>();
        for (Exchange e : exchanges) {
            Answer expected = send(plain.apiUri(), e);
            Answer actual = send(springApi, e);
            if (!expected.equals(actual)) {
                differences.add(e.method + " " + e.path + "\n  plain:  " + expected + "\n  spring: " + actual);
            }
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void aCreatedTicketCanBeReadBackFromTheSpringApplication() throws Exception {
        Answer created = send(springApi, json("POST", "api/tickets", "{\"title\":\"Read me back\"}"));
        assertThat(created.status).isEqualTo(201);
        Answer read = send(springApi, get(created.location.substring(1)));
        assertThat(read.status).isEqualTo(200);
        assertThat(read.body.path("title").asText()).isEqualTo("Read me back");
        assertThat(read.body.path("status").asText()).isEqualTo("Open");
    }

    private static Exchange get(String path) {
        return new Exchange("GET", path, null, null);
    }

    private static Exchange json(String method, String path, String body) {
        return new Exchange(method, path, "application/json", body);
    }

    private static Answer send(URI base, Exchange e) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(e.path)).timeout(Duration.ofSeconds(30));
        if (e.contentType != null) {
            request.header("Content-Type", e.contentType);
        }
        request.method(e.method, e.body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(e.body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode body = response.body().isEmpty() ? null : withoutTimes(JSON.readTree(response.body()));
        return new Answer(response.statusCode(), type.split(";")[0].strip(),
                response.headers().firstValue("Location").orElse(null),
                response.headers().firstValue("Allow").orElse(null),
                response.headers().firstValue("Cache-Control").orElse(null), body);
    }

    /** Replaces each createdAt / updatedAt by a marker once it has been checked to be an ISO-8601 instant. */
    private static JsonNode withoutTimes(JsonNode node) {
        if (node.isArray()) {
            node.forEach(SameApiAsPlainDemoTest::withoutTimes);
        } else if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().endsWith("At")) {
                    Instant.parse(field.getValue().asText()); // throws if not an ISO-8601 instant
                    field.setValue(JSON.getNodeFactory().textNode("<instant>"));
                } else {
                    withoutTimes(field.getValue());
                }
            }
        }
        return node;
    }

    private record Exchange(String method, String path, String contentType, String body) {}

    private record Answer(int status, String contentType, String location, String allow, String cacheControl,
            JsonNode body) {}
}
