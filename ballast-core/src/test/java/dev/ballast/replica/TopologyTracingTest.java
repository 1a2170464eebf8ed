package dev.ballast.replica;

import static dev.ballast.replica.Servers.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.Ballast;
import dev.ballast.pool.HostStatus;
import dev.ballast.testkit.ReplicaNode;
import dev.ballast.testkit.ReplicaSet;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With several hosts, a span names the host its work actually ran on, with that host's role. */
class TopologyTracingTest {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<String> ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<String> ROLE = AttributeKey.stringKey("ballast.host.role");

    @Test
    void aWriteSpanNamesThePrimaryAndAReadOnlyTransactionSpanNamesTheStandby() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (ReplicaSet set = ReplicaSet.launch(1);
                OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build()) {
            ReplicaNode primary = set.primary();
            ReplicaNode standby = set.standbys().get(0);
            // the standby listed first, so the URL's first host is not where writes run
            String url = "jdbc:postgresql://" + standby.host() + ":" + standby.port() + "," + primary.host() + ":"
                    + primary.port() + "/postgres";
            try (Ballast db = Ballast.start(Servers.options(set).url(url).build(), otel)) {
                await("a primary and a standby with a known lag", BOUND, () -> {
                    List<HostStatus> hosts = db.hosts();
                    return hosts.stream().anyMatch(h -> h.role().equals("primary"))
                            && hosts.stream().anyMatch(h -> h.role().equals("standby") && h.lagSeconds() != null);
                });
                spans.reset();
                db.resilience().inTransaction(c -> c.createStatement().execute("select 1"));
                SpanData write = only(spans.getFinishedSpanItems());
                assertThat(write.getAttributes().get(PORT)).isEqualTo((long) primary.port());
                assertThat(write.getAttributes().get(ADDRESS)).isEqualTo(primary.host());
                assertThat(write.getAttributes().get(ROLE)).isEqualTo("primary");

                spans.reset();
                db.resilience().readOnlyTransaction(c -> c.createStatement().execute("select 1"));
                SpanData read = only(spans.getFinishedSpanItems());
                assertThat(read.getAttributes().get(PORT)).isEqualTo((long) standby.port());
                assertThat(read.getAttributes().get(ROLE)).isEqualTo("standby");
            }
        }
    }

    @Test
    void anExecuteSpanNamesTheHostThatServedItsConnectionElseThePrimary() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (ReplicaSet set = ReplicaSet.launch(1);
                OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build()) {
            ReplicaNode primary = set.primary();
            ReplicaNode standby = set.standbys().get(0);
            String standbyFirst = "jdbc:postgresql://" + standby.host() + ":" + standby.port() + "," + primary.host()
                    + ":" + primary.port() + "/postgres";
            String primaryFirst = set.jdbcUrl();
            try (Ballast db = Ballast.start(Servers.options(set).url(standbyFirst).build(), otel)) {
                awaitRoles(db);
                spans.reset();
                db.resilience().execute(() -> {
                    try (java.sql.Connection c = db.dataSource().getConnection()) {
                        c.createStatement().execute("select 1");
                    }
                });
                SpanData write = only(spans.getFinishedSpanItems());
                assertThat(write.getAttributes().get(PORT)).as("a write's execute span").isEqualTo((long) primary.port());
                assertThat(write.getAttributes().get(ROLE)).isEqualTo("primary");

                spans.reset();
                db.resilience().execute(() -> 42);
                SpanData none = only(spans.getFinishedSpanItems());
                assertThat(none.getAttributes().get(PORT)).as("an execute span that took no connection")
                        .isEqualTo((long) primary.port());
            }
            try (Ballast db = Ballast.start(Servers.options(set).url(primaryFirst).build(), otel)) {
                awaitRoles(db);
                spans.reset();
                db.resilience().execute(() -> {
                    try (java.sql.Connection c = db.readDataSource().getConnection()) {
                        c.createStatement().execute("select 1");
                    }
                });
                SpanData read = only(spans.getFinishedSpanItems());
                assertThat(read.getAttributes().get(PORT)).as("a read's execute span").isEqualTo((long) standby.port());
                assertThat(read.getAttributes().get(ROLE)).isEqualTo("standby");

                spans.reset();
                db.resilience().executeAsync(() -> {
                    try (java.sql.Connection c = db.readDataSource().getConnection()) {
                        return c.createStatement().execute("select 1");
                    }
                }).get(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                // the span ends on the async thread just after the future completes
                await("the executeAsync span ends", BOUND, () -> !spans.getFinishedSpanItems().isEmpty());
                SpanData async = only(spans.getFinishedSpanItems());
                assertThat(async.getAttributes().get(PORT)).as("an executeAsync span").isEqualTo((long) standby.port());
            }
        }
    }

    private static void awaitRoles(Ballast db) throws Exception {
        await("a primary and a standby with a known lag", BOUND, () -> {
            List<HostStatus> hosts = db.hosts();
            return hosts.stream().anyMatch(h -> h.role().equals("primary"))
                    && hosts.stream().anyMatch(h -> h.role().equals("standby") && h.lagSeconds() != null);
        });
    }

    private static SpanData only(List<SpanData> finished) {
        assertThat(finished).hasSize(1);
        return finished.get(0);
    }
}
