package dev.ballast.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.alert.Alert;
import dev.ballast.alert.AlertRule;
import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.event.PoolTuning;
import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import dev.ballast.http.internal.PoolSource;
import dev.ballast.pool.PoolStats;
import dev.ballast.resilience.CircuitState;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The feed's content, driven by hand: no thread, no database, samples taken at explicit times. */
class DashboardFeedTest {

    private static final long T0 = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();
    private final ObjectMapper json = new ObjectMapper();

    /** A pool whose state the test sets. */
    static final class FakePool implements PoolSource {
        volatile PoolStats stats = new PoolStats(2, 2, 0, 0, 10, 2, 0, 2, 0, 0, 0);
        volatile CircuitState circuit = CircuitState.CLOSED;
        volatile HealthStatus health = HealthStatus.HEALTHY;
        volatile String description = "because";
        volatile List<Alert> alerts = List.of();

        @Override
        public String poolName() {
            return "orders";
        }

        @Override
        public PoolStats stats() {
            return stats;
        }

        @Override
        public CircuitState circuitState() {
            return circuit;
        }

        @Override
        public HealthReport health() {
            return new HealthReport("database", health, description, Duration.ZERO, Map.of(), List.of());
        }

        @Override
        public List<Alert> activeAlerts() {
            return alerts;
        }

        @Override
        public Map<String, String> configuration() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("url", "jdbc:postgresql://db:5432/app");
            m.put("password", "******");
            m.put("maxPoolSize", "10");
            return m;
        }
    }

    private JsonNode feed(Dashboard d) throws Exception {
        return json.readTree(d.feed());
    }

    @Test
    void aSingleHostPoolHasAnEmptyHostsArray() throws Exception {
        Dashboard d = Dashboard.create().attach(new FakePool(), false);
        d.sample(T0 + 1000);
        JsonNode hosts = feed(d).get("hosts");
        assertThat(hosts.isArray()).isTrue();
        assertThat(hosts).isEmpty();
    }

    @Test
    void theTunedLimitIsASeriesAndItsChangesAreEvents() throws Exception {
        FakePool pool = new FakePool();
        Dashboard d = Dashboard.builder().wallClock(Clock.fixed(Instant.ofEpochMilli(T0 + 5_000), ZoneOffset.UTC))
                .build().attach(pool, false);
        d.sample(T0 + 1000); // tuning off: the limit is MaxPoolSize
        d.poolLimitTuned(new PoolTuning(6, 8, PoolTuning.Reason.LOWER_IS_AS_FAST, 900, 4.5, true, 0, 0));
        d.sample(T0 + 2000);
        d.poolLimitTuned(new PoolTuning(6, 6, PoolTuning.Reason.AT_KNEE, 910, 4.4, true, 0, 0));
        d.sample(T0 + 3000);

        JsonNode feed = feed(d);
        assertThat(feed.at("/series/limit").toString()).isEqualTo("[10,6,6]");
        assertThat(feed.at("/current/limit").asInt()).isEqualTo(6);
        assertThat(feed.at("/current/limitReason").asText()).isEqualTo("at_knee");
        assertThat(feed.toString()).contains("pool limit 8 -> 6 (lower_is_as_fast)")
                .doesNotContain("pool limit 6 -> 6");
    }

    @Test
    void eachSampleBecomesOneEntryOfEverySeries() throws Exception {
        FakePool pool = new FakePool();
        Dashboard d = Dashboard.builder().wallClock(Clock.fixed(Instant.ofEpochMilli(T0 + 5_000), ZoneOffset.UTC))
                .build().attach(pool, false);
        d.checkHealth();
        for (int i = 0; i < 97; i++) {
            d.connectionBorrowed(TimeUnit.MILLISECONDS.toNanos(2));
        }
        for (int i = 0; i < 3; i++) {
            d.connectionBorrowed(TimeUnit.MILLISECONDS.toNanos(400)); // the slowest 3%: p99 is one of them
        }
        d.connectionOpened(1);
        d.connectionOpened(1);
        d.connectionClosed(ConnectionCloseReason.IDLE);
        d.connectionFailed(1, new SQLException("refused", "08001"));
        d.borrowTimeout(1);
        d.retryScheduled("inTransaction", 1, Duration.ofMillis(10), new SQLException("x", "40001"));
        pool.stats = new PoolStats(10, 1, 9, 3, 10, 2, 1, 12, 2, 1, 0);
        d.sample(T0 + 1000);
        pool.circuit = CircuitState.OPEN;
        d.sample(T0 + 2000);

        JsonNode f = feed(d);
        assertThat(f.get("version").asInt()).isEqualTo(1);
        assertThat(f.get("pool").asText()).isEqualTo("orders");
        assertThat(f.get("now").asLong()).isEqualTo(T0 + 5_000);
        assertThat(f.get("intervalMillis").asLong()).isEqualTo(1000);
        assertThat(f.get("historyMillis").asLong()).isEqualTo(300_000);
        JsonNode s = f.get("series");
        assertThat(s.get("t")).extracting(JsonNode::asLong).containsExactly(T0 + 1000, T0 + 2000);
        assertThat(s.get("used")).extracting(JsonNode::asInt).containsExactly(9, 9);
        assertThat(s.get("idle")).extracting(JsonNode::asInt).containsExactly(1, 1);
        assertThat(s.get("pending")).extracting(JsonNode::asInt).containsExactly(3, 3);
        assertThat(s.get("max")).extracting(JsonNode::asInt).containsExactly(10, 10);
        assertThat(s.get("borrows")).extracting(JsonNode::asInt).containsExactly(100, 0);
        assertThat(s.get("waitP50Ms").get(0).asDouble()).isBetween(1.8, 2.2);
        assertThat(s.get("waitP99Ms").get(0).asDouble()).isBetween(370.0, 430.0);
        assertThat(s.get("waitP50Ms").get(1).isNull()).as("no borrows: no quantile").isTrue();
        assertThat(s.get("timeouts")).extracting(JsonNode::asInt).containsExactly(1, 0);
        assertThat(s.get("opened")).extracting(JsonNode::asInt).containsExactly(2, 0);
        assertThat(s.get("closed")).extracting(JsonNode::asInt).containsExactly(1, 0);
        assertThat(s.get("failed")).extracting(JsonNode::asInt).containsExactly(1, 0);
        assertThat(s.get("retries")).extracting(JsonNode::asInt).containsExactly(1, 0);
        assertThat(s.get("circuit")).extracting(JsonNode::asText).containsExactly("CLOSED", "OPEN");
        assertThat(s.get("health")).extracting(JsonNode::asText).containsExactly("Healthy", "Healthy");

        JsonNode c = f.get("current");
        assertThat(c.get("used").asInt()).isEqualTo(9);
        assertThat(c.get("pending").asInt()).isEqualTo(3);
        assertThat(c.get("timeouts").asLong()).isEqualTo(1);
        assertThat(c.get("circuit").asText()).isEqualTo("OPEN");
        assertThat(c.get("health").asText()).isEqualTo("Healthy");
        assertThat(f.at("/config/password").asText()).isEqualTo("******");
        assertThat(f.at("/config/maxPoolSize").asText()).isEqualTo("10");
    }

    @Test
    void historyIsBoundedToItsLength() throws Exception {
        FakePool pool = new FakePool();
        Dashboard d = Dashboard.builder().history(Duration.ofSeconds(10)).build().attach(pool, false);
        for (int i = 1; i <= 25; i++) {
            d.sample(T0 + i * 1000L);
        }
        JsonNode t = feed(d).at("/series/t");
        assertThat(t).hasSize(10);
        assertThat(t.get(0).asLong()).isEqualTo(T0 + 16_000);
        assertThat(t.get(9).asLong()).isEqualTo(T0 + 25_000);
    }

    @Test
    void significantEventsAreListedNewestFirstWithTimes() throws Exception {
        FakePool pool = new FakePool();
        Clock wall = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);
        Dashboard d = Dashboard.builder().wallClock(wall).build().attach(pool, false);
        d.checkHealth();
        d.circuitStateChanged(CircuitState.CLOSED, CircuitState.OPEN);
        d.connectionLeakSuspected(TimeUnit.SECONDS.toNanos(61), new Throwable());
        Alert alert = new Alert(AlertRule.WAITERS_PRESENT, "orders", "3 callers waiting", Instant.ofEpochMilli(T0));
        d.alertFired(alert);
        pool.alerts = List.of(alert);
        d.alertCleared(alert);
        pool.health = HealthStatus.DEGRADED;
        d.checkHealth();
        for (int i = 0; i < 5; i++) {
            d.connectionClosed(ConnectionCloseReason.EVICTED);
        }
        d.sample(T0 + 1000);

        JsonNode f = feed(d);
        assertThat(f.get("events")).extracting(e -> e.get("kind").asText()).containsExactly("eviction_storm",
                "health_changed", "alert_cleared", "alert_fired", "leak_suspected", "breaker_opened");
        JsonNode first = f.get("events").get(5);
        assertThat(first.get("t").asLong()).isEqualTo(T0);
        assertThat(first.get("time").asText()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(first.get("severity").asText()).isEqualTo("critical");
        assertThat(first.get("message").asText()).isEqualTo("Circuit breaker closed -> open");
        assertThat(f.get("events").get(0).get("message").asText()).startsWith("5 connections evicted");
        assertThat(f.get("events").get(1).get("message").asText()).isEqualTo("Health Healthy -> Degraded: because");
        assertThat(f.get("events").get(3).get("message").asText())
                .isEqualTo("pool_waiters_present: 3 callers waiting");

        JsonNode a = f.get("alerts").get(0);
        assertThat(a.get("name").asText()).isEqualTo("pool_waiters_present");
        assertThat(a.get("rule").asText()).isEqualTo("WAITERS_PRESENT");
        assertThat(a.get("message").asText()).isEqualTo("3 callers waiting");
        assertThat(a.get("firedAt").asText()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(a.get("firedAtMillis").asLong()).isEqualTo(T0);
    }

    @Test
    void anUnhealthyCheckShowsACategoryAndCorrelationIdAndLogsTheServersWordsOncePerChange() throws Exception {
        FakePool pool = new FakePool();
        Dashboard d = Dashboard.builder().build().attach(pool, false);
        d.checkHealth();
        pool.health = HealthStatus.UNHEALTHY;
        pool.description = "Cannot connect to the database: SQLSTATE 28P01: FATAL: password authentication failed "
                + "for user \"payroll_admin\"";
        try (CapturedStderr log = new CapturedStderr()) {
            d.checkHealth();
            d.checkHealth();
            JsonNode f = feed(d);
            String shown = f.get("current").get("healthDescription").asText();
            assertThat(shown).contains("(authentication)").doesNotContain("payroll_admin").doesNotContain("FATAL");
            String id = shown.replaceAll(".*correlation id ([0-9a-f]{16}).*", "$1");
            assertThat(id).matches("[0-9a-f]{16}");
            assertThat(f.toString()).doesNotContain("payroll_admin");
            assertThat(log.text().split("payroll_admin", -1)).as("logged once for two identical checks").hasSize(2);
            assertThat(log.text()).contains(id);
        }
    }

    @Test
    void anEvictionStormIsReportedOnceAMinute() throws Exception {
        FakePool pool = new FakePool();
        Dashboard d = Dashboard.builder().build().attach(pool, false);
        for (int second = 1; second <= 120; second++) {
            d.connectionClosed(ConnectionCloseReason.VALIDATION_FAILED); // one a second: 10 in any 10 s
            d.sample(T0 + second * 1000L);
        }
        assertThat(feed(d).get("events")).extracting(e -> e.get("kind").asText())
                .containsExactly("eviction_storm", "eviction_storm");
    }

    @Test
    void theFeedNeedsAPoolAndADashboardAttachesOnce() {
        Dashboard d = Dashboard.create();
        assertThatThrownBy(d::feed).isInstanceOf(IllegalStateException.class).hasMessageContaining("not attached");
        d.attach(new FakePool(), false);
        assertThatThrownBy(() -> d.attach(new FakePool(), false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already attached");
        assertThatThrownBy(() -> Dashboard.builder().history(Duration.ZERO)).isInstanceOf(
                IllegalArgumentException.class).hasMessage("history must be between 1 s and 1 day, but was 0 ms");
        assertThatThrownBy(() -> Dashboard.builder().events(0)).hasMessage(
                "events must be between 1 and 1000, but was 0");
    }
}
