package dev.ballast.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.alert.AlertThresholds;
import dev.ballast.metrics.MetricNames;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitoring files users drop into Prometheus and Grafana ({@code docs/prometheus-alerts.yml},
 * {@code docs/grafana-dashboard.json}) parse, and every metric they name is one Ballast exports: it is the
 * Prometheus form of a {@link MetricNames} constant and it appears in a real {@code /metrics} scrape of a pool that
 * has been through timeouts, retries, an open breaker, failed opens and an alert.
 */
@WithPostgres
class MonitoringDocsTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern METRIC = Pattern.compile("\\b(?:db|ballast)_[a-z_]+\\b");
    private static final List<String> SUFFIXES = List.of("", "_total", "_seconds", "_milliseconds", "_bucket",
            "_sum", "_count", "_seconds_bucket", "_seconds_sum", "_seconds_count", "_milliseconds_bucket",
            "_milliseconds_sum", "_milliseconds_count");
    /** Label names (attributes), which the metric-name pattern also matches. */
    private static final Set<String> LABELS = Set.of("db_client_connection_pool_name", "db_client_connection_state",
            "ballast_alert", "ballast_operation", "ballast_from", "ballast_to", "ballast_close_reason");
    private static Set<String> scraped;

    /** Metric names as Prometheus sees them, from a real scrape after every kind of event. */
    @BeforeAll
    @SuppressWarnings("try") // connections held only to exhaust the pool
    static void scrape(PostgresServer pg) throws Exception {
        PrometheusMetricReader reader = PrometheusMetricReader.create();
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        DatabaseOptions options = DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username())
                .minPoolSize(1).maxPoolSize(1).connectionTimeout(Duration.ofMillis(300))
                .validationTimeout(Duration.ofSeconds(2)).retryCount(1).retryDelay(Duration.ofMillis(1))
                .circuitBreakerThreshold(2).poolName("docs").build();
        DatabaseOptions down = DatabaseOptions.builder().url("jdbc:postgresql://127.0.0.1:" + deadPort + "/none")
                .username("nobody").minPoolSize(1).maxPoolSize(1).connectionTimeout(Duration.ofMillis(300))
                .poolName("down").build();
        AlertThresholds quick = AlertThresholds.builder().utilisation(0.5, Duration.ZERO)
                .evaluationInterval(Duration.ofMillis(20)).build();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
                Ballast db = Ballast.start(options, otel, List.of(), quick);
                Ballast unreachable = Ballast.start(down, otel);
                OpsServer ops = OpsServer.builder().port(0).metrics(reader).start()) {
            try (Connection held = db.dataSource().getConnection()) {
                try (Connection second = db.dataSource().getConnection()) {
                    throw new AssertionError("the pool of one lent a second connection");
                } catch (SQLException expected) {
                    // a borrow timeout
                }
                while (db.activeAlerts().isEmpty()) {
                    Thread.sleep(20); // the evaluator runs every 20 ms
                }
            }
            db.evictAll(); // closes the idle connection
            for (int i = 0; i < 3; i++) {
                try {
                    db.resilience().execute(() -> {
                        throw new SQLException("connection failure", "08006");
                    });
                } catch (SQLException expected) {
                    // retried once, then counted by the breaker until it opens
                }
            }
            try {
                unreachable.dataSource().getConnection().close();
            } catch (SQLException expected) {
                // connection refused: a failed open
            }
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(ops.baseUri().resolve("metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Files.writeString(Path.of("target", "metrics-sample.txt"), text);
            scraped = new TreeSet<>();
            for (String line : text.split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    scraped.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
    }

    private static Set<String> metricsNamedIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static List<String> prometheusPrefixes() throws IllegalAccessException {
        List<String> prefixes = new ArrayList<>();
        for (Field f : MetricNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                prefixes.add(((String) f.get(null)).replace('.', '_'));
            }
        }
        return prefixes;
    }

    private static void everyNameIsExported(Set<String> names) throws IllegalAccessException {
        List<String> prefixes = prometheusPrefixes();
        for (String name : names) {
            if (LABELS.contains(name)) {
                continue;
            }
            assertThat(prefixes.stream().anyMatch(p -> SUFFIXES.stream().anyMatch(s -> name.equals(p + s))))
                    .as("%s is the Prometheus form of a MetricNames constant", name).isTrue();
            assertThat(scraped).as("%s appears in a real scrape", name).contains(name);
        }
    }

    @Test
    void prometheusAlertingRulesParseAndUseExportedMetrics() throws Exception {
        String yaml = Files.readString(DOCS.resolve("prometheus-alerts.yml"));
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        JsonNode rules = root.at("/groups/0/rules");
        assertThat(rules.isArray()).isTrue();
        Set<String> alerts = new TreeSet<>();
        for (JsonNode rule : rules) {
            assertThat(rule.get("alert").asText()).isNotBlank();
            assertThat(rule.get("expr").asText()).isNotBlank();
            assertThat(rule.at("/annotations/summary").asText()).isNotBlank();
            alerts.add(rule.get("alert").asText());
        }
        assertThat(alerts).contains("BallastPoolUtilisationHigh", "BallastPoolWaitersPresent",
                "BallastBorrowTimeouts", "BallastCircuitOpen", "BallastConnectionFailuresHigh",
                "BallastConnectionOpenSlow", "BallastAlertFiring");
        Set<String> names = metricsNamedIn(yaml);
        assertThat(names).contains("db_client_connection_count", "db_client_connection_pending_requests",
                "db_client_connection_timeouts_total", "ballast_circuit_breaker_state", "db_connection_failed_total",
                "ballast_alerts_active", "db_connection_open_duration_milliseconds_bucket",
                "db_client_connection_create_time_seconds_bucket");
        everyNameIsExported(names);
    }

    @Test
    void grafanaDashboardParsesAndUsesExportedMetrics() throws Exception {
        String json = Files.readString(DOCS.resolve("grafana-dashboard.json"));
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("title").asText()).contains("Ballast");
        assertThat(root.get("panels").size()).isGreaterThanOrEqualTo(6);
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : root.get("panels")) {
            assertThat(panel.get("type").asText()).isNotBlank();
            assertThat(panel.has("gridPos")).as(panel.get("title").asText()).isTrue();
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.get("expr").asText());
            }
        }
        assertThat(exprs).isNotEmpty();
        Set<String> names = metricsNamedIn(String.join("\n", exprs));
        assertThat(names).contains("db_client_connection_count", "db_client_connection_max",
                "db_client_connection_pending_requests", "db_client_connection_wait_time_seconds_bucket",
                "db_client_connection_timeouts_total", "db_connection_opened_total", "db_connection_closed_total",
                "db_connection_failed_total", "ballast_retry_attempts_total", "ballast_circuit_breaker_state",
                "ballast_alerts_active", "db_connection_open_duration_milliseconds_bucket",
                "db_client_connection_create_time_seconds_bucket");
        everyNameIsExported(names);
    }
}
