package dev.ballast.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.DatabaseOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's ops token: required beyond loopback, read from settings, environment or flag, never printed. */
class OpsTokenTest {

    private static final String TOKEN = "demo-ops-token-0123456789";
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void bindingBeyondLoopbackWithoutATokenIsRefusedWithAClearError() {
        assertThatThrownBy(() -> new ServiceSettings("0.0.0.0", 0, 0, HOUR, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0.0.0").hasMessageContaining("DEMO__OPSTOKEN")
                .hasMessageContaining("--ops-token").hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> new ServiceSettings("0.0.0.0", 0, 0, HOUR, 8, "  "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ServiceSettings("127.0.0.1", 0, 0, HOUR, 8).opsToken()).isNull();
        assertThat(new ServiceSettings("localhost", 0, 0, HOUR, 8).opsToken()).isNull();
        assertThat(new ServiceSettings("::1", 0, 0, HOUR, 8).opsToken()).isNull();
    }

    @Test
    void aWeakTokenIsRefusedAndAGoodOneNeverPrinted() {
        assertThatThrownBy(() -> new ServiceSettings("0.0.0.0", 0, 0, HOUR, 8, "short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16");
        ServiceSettings s = new ServiceSettings("0.0.0.0", 0, 0, HOUR, 8, TOKEN);
        assertThat(s.toString()).doesNotContain(TOKEN).contains("opsToken=******");
        assertThat(s.withPorts(1, 2).opsToken()).isEqualTo(TOKEN);
    }

    @Test
    void theTokenComesFromTheSettingsFileTheEnvironmentOrTheFlag() {
        assertThat(AppSettings.parse("{\"Demo\":{\"OpsToken\":\"" + TOKEN + "\"}}", Map.of(), "t").opsToken())
                .hasValue(TOKEN);
        assertThat(AppSettings.parse("{}", Map.of("DEMO__OPSTOKEN", TOKEN), "t").opsToken()).hasValue(TOKEN);
        assertThat(AppSettings.parse("{}", Map.of(), "t").opsToken()).isEmpty();
        CommandLine cl = CommandLine.parse(List.of("demo", "--ops-token", TOKEN));
        assertThat(cl.opsToken()).hasValue(TOKEN);
        assertThat(cl.toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> CommandLine.parse(List.of("chaos", "--ops-token", TOKEN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aServiceOnEveryInterfaceServesMetricsAndDashboardOnlyWithTheToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (EmbeddedDatabase database = EmbeddedDatabase.start(false);
                CapturedStderr log = new CapturedStderr();
                TicketsService service = TicketsService.start(DatabaseOptions.builder().url(database.jdbcUrl())
                        .username(database.username()).build(),
                        new ServiceSettings("0.0.0.0", 0, 0, HOUR, 8, TOKEN))) {
            URI ops = service.opsUri();
            assertThat(service.opsTokenRequired()).isTrue();
            for (String path : List.of("metrics", "dashboard", "dashboard/feed")) {
                assertThat(status(http, ops.resolve(path), null)).as(path).isEqualTo(401);
                assertThat(status(http, ops.resolve(path), "Bearer not-the-token-at-all")).as(path).isEqualTo(401);
                assertThat(status(http, ops.resolve(path), "Bearer " + TOKEN)).as(path).isEqualTo(200);
            }
            assertThat(status(http, ops.resolve("health/live"), null)).isEqualTo(200);
            assertThat(status(http, ops.resolve("health/ready"), null)).isEqualTo(200);
            assertThat(status(http, service.apiUri().resolve("api/tickets"), null)).as("the API itself").isEqualTo(200);
            assertThat(log.text()).doesNotContain(TOKEN);
        }
    }

    private static int status(HttpClient http, URI uri, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
