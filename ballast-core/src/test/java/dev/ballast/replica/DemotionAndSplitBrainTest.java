package dev.ballast.replica;

import static dev.ballast.replica.ReplicaRoutingTest.insert;
import static dev.ballast.replica.Servers.await;
import static dev.ballast.replica.Servers.nodeOf;
import static dev.ballast.replica.Servers.serverPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.Ballast;
import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import dev.ballast.pool.HostStatus;
import dev.ballast.resilience.CommitOutcomeUnknownException;
import dev.ballast.testkit.ReplicaNode;
import dev.ballast.testkit.ReplicaSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A primary that turns into a standby while Ballast writes to it, and two hosts that both say they are primary, on
 * real servers: each test gets a replica set of its own.
 */
class DemotionAndSplitBrainTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private static ReplicaSet launch() throws Exception {
        ReplicaSet set = ReplicaSet.launch(1);
        Servers.execute(set.primary(), "create table notes(id bigserial primary key, body text unique)");
        set.awaitAllReplayed(BOUND);
        return set;
    }

    @Test
    void aRunningPrimaryDemotedToAStandbyLosesItsWritesToTheNewPrimaryAndThenServesReads() throws Exception {
        try (ReplicaSet set = launch()) {
            ReplicaNode old = set.primary();
            ReplicaNode standby = set.standbys().get(0);
            try (Ballast db = Servers.start(Servers.options(set).retryCount(30).build())) {
                await("writes work", BOUND, () -> db.resilience().inTransaction(c -> insert(c, "before")) > 0);
                int writers = 4;
                ExecutorService pool = Executors.newFixedThreadPool(writers);
                AtomicBoolean stop = new AtomicBoolean();
                Set<String> acknowledged = ConcurrentHashMap.newKeySet();
                Set<ReplicaNode> wroteOn = ConcurrentHashMap.newKeySet();
                List<Throwable> failures = new CopyOnWriteArrayList<>();
                List<Future<?>> loops = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int id = w;
                    loops.add(pool.submit(() -> {
                        for (long n = 0; !stop.get(); n++) {
                            String body = "w" + id + "-" + n;
                            try {
                                ReplicaNode on = db.resilience().inTransaction(c -> {
                                    insert(c, body);
                                    return nodeOf(set, serverPort(c));
                                });
                                acknowledged.add(body);
                                wroteOn.add(on);
                            } catch (Exception e) {
                                failures.add(e);
                            }
                        }
                        return null;
                    }));
                }
                try {
                    await("load runs on the old primary", BOUND, () -> wroteOn.contains(old));
                    set.switchover(standby); // old stopped cleanly, standby promoted, old restarted as its standby
                    wroteOn.clear();
                    await("writes go to the new primary", BOUND, () -> wroteOn.contains(standby));
                } finally {
                    stop.set(true);
                    for (Future<?> f : loops) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                    pool.shutdownNow();
                }
                // A COMMIT cut by the stop is reported as unknown (never replayed, never guessed); nothing else fails.
                assertThat(failures).as("writes that failed through the switchover")
                        .allMatch(e -> e instanceof CommitOutcomeUnknownException);
                assertThat(wroteOn).as("hosts written to after the switchover").containsOnly(standby);
                Set<String> found = bodies(standby);
                assertThat(found).as("acknowledged writes on the new primary").containsAll(acknowledged);
                assertThat(found.size()).as("rows beyond the acknowledged ones (only an unknown COMMIT may add one)")
                        .isLessThanOrEqualTo(acknowledged.size() + failures.size());

                await("the demoted node serves reads as a standby", BOUND, () -> {
                    HostStatus h = status(db, old);
                    return h.role().equals("standby") && !h.fenced() && h.lagSeconds() != null
                            && readsReach(db, set, old);
                });
                try (Connection c = db.dataSource().getConnection()) {
                    assertThat(nodeOf(set, serverPort(c))).isSameAs(standby);
                }
            }
        }
    }

    @Test
    void twoPrimariesAtOnceNeverShareWritesAndTheOutvotedOneIsFencedEvenWhenTheOtherGoesDown() throws Exception {
        try (ReplicaSet set = launch()) {
            ReplicaNode old = set.primary();
            ReplicaNode promoted = set.standbys().get(0);
            try (Ballast db = Servers.start(Servers.options(set).retryCount(0)
                    .connectionTimeout(Duration.ofSeconds(2)).build())) {
                await("writes work", BOUND, () -> db.resilience().inTransaction(c -> insert(c, "before")) > 0);

                set.promote(promoted); // split brain: the old primary still runs and accepts writes
                await("the promoted host wins and the old primary is fenced", BOUND, () -> {
                    HostStatus o = status(db, old);
                    return o.fenced() && o.role().equals("primary")
                            && status(db, promoted).role().equals("primary") && writesGoTo(db, set) == promoted;
                });
                HealthReport health = db.healthCheck().check();
                assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(health.data()).containsEntry("host." + old.host() + ":" + old.port() + ".fenced", true);
                assertThat(health.toJson()).contains("split brain");

                promoted.server().crash(); // the winner goes away: writes must not fall back to the fenced one
                await("the monitor saw the new primary go", BOUND, () -> !status(db, promoted).up());
                long before = count(old, "select count(*) from notes");
                assertThatThrownBy(() -> db.resilience().inTransaction(c -> insert(c, "split")))
                        .isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("no primary");
                assertThat(count(old, "select count(*) from notes")).as("rows written on the fenced primary")
                        .isEqualTo(before);
                assertThat(status(db, old).fenced()).isTrue();
            }
        }
    }

    private static HostStatus status(Ballast db, ReplicaNode node) {
        String address = node.host() + ":" + node.port();
        return db.hosts().stream().filter(h -> h.address().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError("no host " + address + " in " + db.hosts()));
    }

    private static ReplicaNode writesGoTo(Ballast db, ReplicaSet set) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            return nodeOf(set, serverPort(c));
        }
    }

    private static boolean readsReach(Ballast db, ReplicaSet set, ReplicaNode node) throws Exception {
        for (int i = 0; i < 4; i++) {
            try (Connection c = db.readDataSource().getConnection()) {
                if (nodeOf(set, serverPort(c)) == node) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> bodies(ReplicaNode node) throws Exception {
        Set<String> out = new java.util.HashSet<>();
        try (Connection c = node.server().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select body from notes where body like 'w%'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long count(ReplicaNode node, String sql) throws Exception {
        try (Connection c = node.server().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
