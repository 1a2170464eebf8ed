package dev.ballast.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.ReplicaNode;
import dev.ballast.testkit.ReplicaSet;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** With a multi-host connection string, the feed lists every host with role, state and lag, and role changes. */
class DashboardTopologyTest {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private final ObjectMapper json = new ObjectMapper();

    private static String name(ReplicaNode n) {
        return n.host() + ":" + n.port();
    }

    private JsonNode awaitFeed(Dashboard d, String what, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        JsonNode feed = json.readTree(d.feed());
        while (!done.test(feed)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within " + BOUND + ": " + what + "; last feed hosts " + feed.get("hosts")
                        + " events " + feed.get("events"));
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling the feed, a bounded wait on real state
            feed = json.readTree(d.feed());
        }
        return feed;
    }

    private static JsonNode host(JsonNode feed, ReplicaNode node) {
        for (JsonNode h : feed.get("hosts")) {
            if (h.get("address").asText().equals(name(node))) {
                return h;
            }
        }
        return null;
    }

    private static List<String> events(JsonNode feed, String kind) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : feed.get("events")) {
            if (e.get("kind").asText().equals(kind)) {
                out.add(e.get("message").asText());
            }
        }
        return out;
    }

    @Test
    @SuppressWarnings("try")
    void theFeedListsEveryHostWithRoleStateAndLagAndShowsRoleChanges() throws Exception {
        try (ReplicaSet set = ReplicaSet.launch(1)) {
            ReplicaNode primary = set.primary();
            ReplicaNode standby = set.standbys().get(0);
            DatabaseOptions options = DatabaseOptions.builder().url(set.jdbcUrl()).username(PostgresServer.USERNAME)
                    .password("replica-secret").minPoolSize(1).maxPoolSize(4).poolName("replicas").build();
            Dashboard dashboard = Dashboard.builder().healthInterval(Duration.ofSeconds(1)).build();
            try (Ballast db = Ballast.start(options, OpenTelemetry.noop(), List.of(dashboard),
                            dev.ballast.alert.AlertThresholds.defaults());
                    Dashboard closing = dashboard.attach(db)) {
                JsonNode feed = awaitFeed(dashboard, "one primary and one standby with a known lag", f -> {
                    JsonNode p = host(f, primary);
                    JsonNode s = host(f, standby);
                    return p != null && s != null && p.get("role").asText().equals("primary")
                            && s.get("role").asText().equals("standby") && s.get("lagSeconds").isNumber()
                            // the events reach the feed through the listener, a moment after the hosts' state
                            && events(f, "primary_changed").contains("Primary found: " + name(primary))
                            && events(f, "host_role_changed").contains("Host " + name(standby) + " unknown -> standby");
                });
                assertThat(feed.get("hosts")).hasSize(2);
                JsonNode p = host(feed, primary);
                assertThat(p.get("state").asText()).isEqualTo("up");
                assertThat(p.get("lagSeconds").asDouble()).isZero();
                assertThat(p.get("used").isInt()).isTrue();
                assertThat(p.get("idle").isInt()).isTrue();
                assertThat(p.get("pending").asInt()).isZero();
                assertThat(p.get("breaker").asText()).isEqualTo("closed");
                assertThat(p.get("fenced").asBoolean()).isFalse();
                JsonNode s = host(feed, standby);
                assertThat(s.get("state").asText()).isEqualTo("up");
                assertThat(s.get("lagSeconds").asDouble()).isGreaterThanOrEqualTo(0.0);
                assertThat(events(feed, "primary_changed")).contains("Primary found: " + name(primary));
                assertThat(events(feed, "host_role_changed"))
                        .contains("Host " + name(standby) + " unknown -> standby");
                assertThat(new String(dashboard.feed(), java.nio.charset.StandardCharsets.UTF_8))
                        .doesNotContain("replica-secret");

                set.primary().server().stop();
                set.failover(standby);
                JsonNode after = awaitFeed(dashboard, "the promoted standby shown as primary, the old one down",
                        f -> host(f, standby).get("role").asText().equals("primary")
                                && host(f, primary).get("state").asText().equals("down")
                                && events(f, "primary_changed").stream().anyMatch(m -> m.contains(name(standby)))
                                && events(f, "host_role_changed").contains("Host " + name(primary) + " primary -> down"));
                assertThat(host(after, primary).get("lagSeconds").isNull()).isTrue();
                assertThat(events(after, "primary_changed")).anyMatch(m -> m.contains(name(standby)));
                assertThat(events(after, "host_role_changed"))
                        .contains("Host " + name(primary) + " primary -> down");
            }
        }
    }
}
