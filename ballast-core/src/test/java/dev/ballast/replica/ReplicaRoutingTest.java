package dev.ballast.replica;

import static dev.ballast.replica.Servers.await;
import static dev.ballast.replica.Servers.nodeOf;
import static dev.ballast.replica.Servers.serverPort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.Ballast;
import dev.ballast.testkit.ReplicaNode;
import dev.ballast.testkit.ReplicaSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing on a real primary with two hot standbys; no test here changes the topology. */
class ReplicaRoutingTest {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static ReplicaSet set;

    @BeforeAll
    static void launch() throws Exception {
        set = ReplicaSet.launch(2);
        Servers.execute(set.primary(), "create table notes(id bigserial primary key, body text)");
        set.awaitAllReplayed(BOUND);
    }

    @AfterAll
    static void close() {
        if (set != null) {
            set.close();
        }
    }

    private static void awaitStandbyReads(Ballast db) throws Exception {
        await("a read lands on a standby", BOUND, () -> nodeOf(set, db.readDataSource()) != set.primary());
    }

    @Test
    void readsGoToAStandbyAndWritesToThePrimary() throws Exception {
        try (Ballast db = Servers.start(Servers.options(set).build())) {
            awaitStandbyReads(db);
            for (int i = 0; i < 6; i++) {
                assertThat(nodeOf(set, db.readDataSource())).isIn(set.standbys());
                assertThat((ReplicaNode) db.resilience().readOnlyTransaction(c -> nodeOf(set, serverPort(c))))
                        .isIn(set.standbys());
                assertThat(nodeOf(set, db.dataSource())).isSameAs(set.primary());
                assertThat((ReplicaNode) db.resilience().inTransaction(c -> nodeOf(set, serverPort(c)))).isSameAs(set.primary());
                assertThat((ReplicaNode) db.resilience().withConnection(c -> nodeOf(set, serverPort(c)))).isSameAs(set.primary());
            }
            try (Connection c = db.readDataSource().getConnection()) {
                assertThat(c.isReadOnly()).isTrue();
            }
        }
    }

    @Test
    void readsAreSpreadOverTheStandbysWhenLoadBalancingAndStayOnTheFirstOtherwise() throws Exception {
        try (Ballast db = Servers.start(Servers.options(set).build())) {
            awaitStandbyReads(db);
            await("both standbys serve reads", BOUND, () -> {
                Set<ReplicaNode> seen = new HashSet<>();
                for (int i = 0; i < 4; i++) {
                    seen.add(nodeOf(set, db.readDataSource()));
                }
                return seen.containsAll(set.standbys());
            });
        }
        try (Ballast db = Servers.start(Servers.options(set).loadBalanceHosts(false).build())) {
            awaitStandbyReads(db);
            Set<ReplicaNode> seen = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                seen.add(nodeOf(set, db.readDataSource()));
            }
            assertThat(seen).hasSize(1).doesNotContain(set.primary());
        }
    }

    @Test
    void aLaggingStandbyIsSkippedUntilItCatchesUp() throws Exception {
        ReplicaNode paused = set.standbys().get(0);
        ReplicaNode fresh = set.standbys().get(1);
        try (Ballast db = Servers.start(Servers.options(set).maxReplicaLag(Duration.ofSeconds(1)).build())) {
            await("both standbys serve reads", BOUND, () -> {
                Set<ReplicaNode> seen = new HashSet<>();
                for (int i = 0; i < 4; i++) {
                    seen.add(nodeOf(set, db.readDataSource()));
                }
                return seen.containsAll(set.standbys());
            });
            set.pauseReplay(paused);
            try {
                // Writes go on, so the paused standby falls behind in WAL; reads must leave it within the bound.
                await("the paused standby gets no reads", BOUND, () -> {
                    db.resilience().inTransaction(c -> insert(c, "while paused"));
                    for (int i = 0; i < 4; i++) {
                        if (nodeOf(set, db.readDataSource()) == paused) {
                            return false;
                        }
                    }
                    return true;
                });
                assertThat(set.replayLagBytes(paused)).isPositive();
                for (int i = 0; i < 10; i++) {
                    db.resilience().inTransaction(c -> insert(c, "still paused"));
                    assertThat(nodeOf(set, db.readDataSource())).isSameAs(fresh);
                    assertThat((ReplicaNode) db.resilience().readOnlyTransaction(c -> nodeOf(set, serverPort(c)))).isSameAs(fresh);
                }
            } finally {
                set.resumeReplay(paused);
            }
            await("the caught-up standby serves reads again", BOUND, () -> {
                for (int i = 0; i < 4; i++) {
                    if (nodeOf(set, db.readDataSource()) == paused) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    @Test
    void aCaughtUpStandbyOfAnIdlePrimaryKeepsServingReadsPastTheLagBound() throws Exception {
        set.awaitAllReplayed(BOUND);
        try (Ballast db = Servers.start(Servers.options(set).maxReplicaLag(Duration.ofMillis(500)).build())) {
            awaitStandbyReads(db);
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // six lag bounds without a write
            while (System.nanoTime() < end) {
                assertThat(nodeOf(set, db.readDataSource())).isIn(set.standbys());
            }
        }
    }

    @Test
    void readYourWritesSeesTheWriteEvenOnAStandbyThatLags() throws Exception {
        ReplicaNode paused = set.standbys().get(0);
        try (Ballast db = Servers.start(Servers.options(set).readYourWrites(true)
                .readYourWritesTimeout(Duration.ofMillis(300)).build())) {
            awaitStandbyReads(db);
            for (int i = 0; i < 20; i++) {
                long id = db.resilience().inTransaction(c -> insert(c, "ryw"));
                assertThat((boolean) db.resilience().readOnlyTransaction(c -> exists(c, id))).as("row %d", id).isTrue();
                try (Connection c = db.readDataSource().getConnection()) {
                    assertThat(exists(c, id)).isTrue();
                }
            }
            set.pauseReplay(paused);
            try {
                for (int i = 0; i < 10; i++) {
                    long id = db.resilience().inTransaction(c -> insert(c, "ryw paused"));
                    try (Connection c = db.readDataSource().getConnection()) {
                        assertThat(exists(c, id)).as("row %d read on %s", id, nodeOf(set, serverPort(c))).isTrue();
                        assertThat(nodeOf(set, serverPort(c))).isNotSameAs(paused);
                    }
                }
            } finally {
                set.resumeReplay(paused);
            }
        }
        try (Ballast db = Servers.start(Servers.options(set).build())) {
            awaitStandbyReads(db);
            long id = db.resilience().inTransaction(c -> insert(c, "per call"));
            try (Connection c = db.readDataSource(true).getConnection()) {
                assertThat(exists(c, id)).isTrue();
            }
        }
    }

    @Test
    void aPartitionedStandbyDoesNotMakeCallersWait() throws Exception {
        ReplicaNode cut = set.standbys().get(0);
        try (Ballast db = Servers.start(Servers.options(set).build())) {
            awaitStandbyReads(db);
            set.partition(cut);
            try {
                // Within a few probe intervals the monitor has seen it; from then on no read waits for it.
                await("reads avoid the partitioned standby", BOUND, () -> {
                    for (int i = 0; i < 4; i++) {
                        if (timedRead(db) == cut) {
                            return false;
                        }
                    }
                    return true;
                });
                for (int i = 0; i < 20; i++) {
                    long start = System.nanoTime();
                    ReplicaNode node = timedRead(db);
                    assertThat(node).isNotSameAs(cut);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
                }
            } finally {
                set.heal(cut);
            }
        }
    }

    @Test
    void maxPoolSizeCapsTheConnectionsToEachHostTheMonitorsProbeIncluded() throws Exception {
        int cap = 3;
        try (Ballast db = Servers.start(Servers.options(set).maxPoolSize(cap).applicationName("capped").build())) {
            awaitStandbyReads(db);
            java.util.concurrent.ExecutorService load = java.util.concurrent.Executors.newFixedThreadPool(12);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.List<java.util.concurrent.Future<?>> loops = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                boolean reader = i % 2 == 0;
                loops.add(load.submit(() -> {
                    while (!stop.get()) {
                        if (reader) {
                            db.resilience().readOnlyTransaction(c -> exists(c, 1));
                        } else {
                            db.resilience().inTransaction(c -> insert(c, "cap"));
                        }
                    }
                    return null;
                }));
            }
            int[] most = new int[set.nodes().size()];
            java.util.List<Connection> watchers = new java.util.ArrayList<>(); // one each, opened before the load
            try {
                for (ReplicaNode node : set.nodes()) {
                    watchers.add(node.server().connect());
                }
                long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < end) {
                    for (int n = 0; n < watchers.size(); n++) {
                        most[n] = Math.max(most[n], sessions(watchers.get(n)));
                    }
                }
            } finally {
                stop.set(true);
                for (java.util.concurrent.Future<?> f : loops) {
                    f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                }
                load.shutdownNow();
                for (Connection w : watchers) {
                    w.close();
                }
            }
            for (int n = 0; n < most.length; n++) {
                assertThat(most[n]).as("sessions of the pool on %s", set.nodes().get(n)).isBetween(1, cap);
            }
        }
    }

    /** @return this pool's sessions on {@code c}'s node (application names "capped" and "capped-monitor") */
    private static int sessions(Connection c) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select count(*) from pg_stat_activity where application_name like 'capped%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A read bounded by a 1 s statement timeout, so that a read sent to the partitioned node fails instead of hanging. */
    private static ReplicaNode timedRead(Ballast db) throws Exception {
        return db.resilience().readOnlyTransaction(c -> {
            c.setNetworkTimeout(Runnable::run, 1000);
            return nodeOf(set, serverPort(c));
        });
    }

    static long insert(Connection c, String body) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into notes(body) values (?) returning id")) {
            ps.setString(1, body);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static boolean exists(Connection c, long id) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from notes where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
