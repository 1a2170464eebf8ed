package dev.ballast.replica;

import static dev.ballast.replica.ReplicaRoutingTest.insert;
import static dev.ballast.replica.Servers.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.Ballast;
import dev.ballast.alert.Alert;
import dev.ballast.alert.AlertRule;
import dev.ballast.event.BallastListener;
import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import dev.ballast.testkit.ReplicaNode;
import dev.ballast.testkit.ReplicaSet;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Health data, metrics, events and alerts show every host with its role, lag and state. */
class TopologyObservabilityTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    private static String name(ReplicaNode n) {
        return n.host() + ":" + n.port();
    }

    @Test
    void healthMetricsEventsAndAlertsShowEveryHostWithRoleLagAndState() throws Exception {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        List<String> events = new CopyOnWriteArrayList<>();
        BallastListener recorder = new BallastListener() {
            @Override
            public void hostRoleChanged(String host, String fromRole, String toRole) {
                events.add(host + " " + fromRole + "->" + toRole);
            }
        };
        try (ReplicaSet set = ReplicaSet.launch(1);
                OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build()) {
            ReplicaNode primary = set.primary();
            ReplicaNode standby = set.standbys().get(0);
            Servers.execute(primary, "create table notes(id bigserial primary key, body text)");
            try (Ballast db = Ballast.start(Servers.options(set).maxReplicaLag(Duration.ofSeconds(1))
                    .listener(recorder).build(), otel)) {
                await("both roles known", BOUND, () -> events.contains(name(standby) + " unknown->standby")
                        && events.contains(name(primary) + " unknown->primary"));

                Map<String, Object> data = db.healthCheck().check().data();
                assertThat(data).containsEntry("primary", name(primary))
                        .containsEntry("host." + name(primary) + ".role", "primary")
                        .containsEntry("host." + name(standby) + ".role", "standby")
                        .containsKey("host." + name(standby) + ".lag_sec");
                assertThat((String) data.get("hosts")).contains(name(standby) + " standby lag");

                Map<String, MetricData> m = reader.collectAllMetrics().stream()
                        .collect(Collectors.toMap(MetricData::getName, d -> d, (a, b) -> a));
                assertThat(m.get("db.client.connection.count").getLongSumData().getPoints())
                        .anySatisfy(p -> assertThat(p.getAttributes().get(AttributeKey.longKey("server.port")))
                                .isEqualTo((long) standby.port()))
                        .allSatisfy(p -> assertThat(p.getAttributes().get(AttributeKey.stringKey("server.address")))
                                .isEqualTo(standby.host()));
                assertThat(m.get("db.client.connection.max").getLongSumData().getPoints())
                        .extracting(LongPointData::getValue).containsOnly(10L);
                assertThat(m.get("ballast.host.role").getLongGaugeData().getPoints())
                        .anySatisfy(p -> {
                            assertThat(p.getAttributes().get(AttributeKey.stringKey("ballast.host.role")))
                                    .isEqualTo("standby");
                            assertThat(p.getAttributes().get(AttributeKey.longKey("server.port")))
                                    .isEqualTo((long) standby.port());
                        });
                assertThat(m.get("ballast.replica.lag").getDoubleGaugeData().getPoints()).hasSize(2);

                await("no replica lag alert before the pause", BOUND,
                        () -> db.activeAlerts().stream().noneMatch(a -> a.rule() == AlertRule.REPLICA_LAG));
                set.pauseReplay(standby);
                try {
                    await("replica_lag_high fires", BOUND, () -> {
                        db.resilience().inTransaction(c -> insert(c, "lagging"));
                        return db.activeAlerts().stream().map(Alert::rule).anyMatch(r -> r == AlertRule.REPLICA_LAG);
                    });
                    HealthReport report = db.healthCheck().check();
                    assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
                    assertThat(report.description()).contains("replica_lag_high").contains(name(standby));
                    assertThat((String) report.data().get("hosts")).contains("(no reads)");
                } finally {
                    set.resumeReplay(standby);
                }
                await("replica_lag_high clears", BOUND,
                        () -> db.activeAlerts().stream().noneMatch(a -> a.rule() == AlertRule.REPLICA_LAG));

                set.partition(standby);
                try {
                    await("the standby is reported down", BOUND, () -> events.contains(name(standby) + " standby->down"));
                    HealthReport report = db.healthCheck().check();
                    assertThat(report.description()).contains("host " + name(standby) + " is down");
                    assertThat(report.data()).containsEntry("host." + name(standby) + ".role", "down")
                            .containsKey("host." + name(standby) + ".problem");
                } finally {
                    set.heal(standby);
                }
                await("the standby is back", BOUND, () -> events.contains(name(standby) + " down->standby"));
            }
        }
    }
}
