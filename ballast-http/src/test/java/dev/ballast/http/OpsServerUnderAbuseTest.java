package dev.ballast.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.health.HealthReport;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ops server in front of slow, greedy and curious clients, over real sockets. */
@WithPostgres
class OpsServerUnderAbuseTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> sockets = new ArrayList<>();
    private OpsServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path, Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a connection and sends the first {@code bytes} bytes of a request whose headers never end. */
    private Socket slowClient(URI base, int bytes) throws IOException {
        Socket s = new Socket(base.getHost(), base.getPort());
        sockets.add(s);
        byte[] start = "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        OutputStream out = s.getOutputStream();
        for (int i = 0; i < bytes; i++) {
            out.write(start[i % start.length]);
            out.flush();
        }
        return s;
    }

    @Test
    void slowClientsSendingByteByByteDoNotStallLiveness() throws Exception {
        server = OpsServer.builder().port(0).start();
        URI base = server.baseUri();
        assertThat(get("/health/live", Duration.ofSeconds(20)).statusCode()).as("warm-up").isEqualTo(200);
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            slow.add(slowClient(base, 3));
        }
        // keep them trickling: one more byte each, then ask for liveness while all 24 are mid-request. "Promptly"
        // is well under the 10 s request time limit, after which the slow clients would be gone anyway.
        for (int round = 0; round < 3; round++) {
            for (Socket s : slow) {
                s.getOutputStream().write('a');
                s.getOutputStream().flush();
            }
            long start = System.nanoTime();
            HttpResponse<String> live = get("/health/live", Duration.ofSeconds(5));
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRequestThatNeverFinishesIsCutOffAfterTheRequestTimeLimit() throws Exception {
        server = OpsServer.builder().port(0).start();
        Duration limit = HttpServerHost.requestTimeLimit().orElseThrow();
        Socket slow = slowClient(server.baseUri(), 10);
        slow.setSoTimeout((int) limit.plusSeconds(10).toMillis());
        long start = System.nanoTime();
        InputStream in = slow.getInputStream();
        int read;
        try {
            read = in.read();
        } catch (SocketException reset) {
            read = -1;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(read).as("the server closed the connection").isEqualTo(-1);
        assertThat(took).isLessThan(limit.plusSeconds(5));
    }

    @Test
    void requestsBeyondTheConcurrencyLimitGet503AtOnceAndLivenessStillAnswers() throws Exception {
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        server = OpsServer.builder().port(0).maxConcurrentRequests(2)
                .route("/slow", exchange -> {
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    OpsServer.respond(exchange, 200, "text/plain", "done".getBytes(StandardCharsets.UTF_8));
                }).start();
        HttpRequest slow = HttpRequest.newBuilder(server.baseUri().resolve("/slow")).timeout(Duration.ofSeconds(30))
                .build();
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> second = http.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("both slow requests are in their handler").isTrue();

        long start = System.nanoTime();
        HttpResponse<String> third = get("/slow", Duration.ofSeconds(10));
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("at once, not after the 30 s the others wait")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(get("/health/live", Duration.ofSeconds(5)).statusCode()).isEqualTo(200);

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(get("/slow", Duration.ofSeconds(5)).statusCode()).as("permits come back").isEqualTo(200);
    }

    @Test
    void unhealthyReadinessShowsACategoryAndCorrelationIdWhileTheLogHasTheServersWords(PostgresServer pg)
            throws Exception {
        DatabaseOptions options = DatabaseOptions.builder().url(pg.jdbcUrl()).username("ops_probe_user_x41")
                .minPoolSize(0).validationTimeout(Duration.ofSeconds(2)).build();
        try (CapturedStderr log = new CapturedStderr(); Ballast db = Ballast.start(options)) {
            HealthReport direct = db.healthCheck().check();
            assertThat(direct.description()).as("the server's own words, for the log").contains("ops_probe_user_x41");
            server = OpsServer.builder().port(0).readiness(db.healthCheck()::check).start();

            HttpResponse<String> ready = get("/health/ready", Duration.ofSeconds(20));
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).doesNotContain("ops_probe_user_x41").doesNotContain("FATAL")
                    .doesNotContain("127.0.0.1").doesNotContain(Integer.toString(pg.port()));
            JsonNode data = new ObjectMapper().readTree(ready.body()).at("/entries/database/data");
            assertThat(data.get("error").asText()).isEqualTo("authentication");
            String id = data.get("correlation_id").asText();
            assertThat(id).matches("[0-9a-f]{16}");
            assertThat(log.text()).contains(id).contains("ops_probe_user_x41");
        }
    }

    @Test
    void aFailingHandlerAnswers500WithOnlyACorrelationId() throws Exception {
        try (CapturedStderr log = new CapturedStderr()) {
            server = OpsServer.builder().port(0)
                    .readiness(() -> {
                        throw new IllegalStateException("select secret_column from payroll where user = 'bob'");
                    })
                    .route("/broken", exchange -> {
                        throw new IllegalStateException("host db-7.internal refused user bob");
                    }).start();
            HttpResponse<String> broken = get("/broken", Duration.ofSeconds(5));
            assertThat(broken.statusCode()).isEqualTo(500);
            assertThat(broken.body()).doesNotContain("db-7").doesNotContain("bob");
            String id = new ObjectMapper().readTree(broken.body()).get("correlationId").asText();

            HttpResponse<String> ready = get("/health/ready", Duration.ofSeconds(5));
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).doesNotContain("payroll").doesNotContain("IllegalStateException");
            JsonNode readyData = new ObjectMapper().readTree(ready.body()).at("/entries/database/data");
            assertThat(readyData.get("error").asText()).isEqualTo("check-failed");
            String readyId = readyData.get("correlation_id").asText();
            assertThat(log.text()).contains(id).contains("db-7.internal").contains(readyId).contains("payroll");
        }
    }
}
