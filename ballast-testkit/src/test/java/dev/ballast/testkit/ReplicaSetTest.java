package dev.ballast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The controls of a replica set that leave its topology as it was; one set serves the whole class. */
class ReplicaSetTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ReplicaSet set;
    private static long startMillis;

    @BeforeAll
    static void launch() throws SQLException {
        long t0 = System.nanoTime();
        set = ReplicaSet.launch(2);
        startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        try (Connection c = set.primary().server().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes(id int PRIMARY KEY, body text)");
        }
    }

    @AfterAll
    static void close() {
        if (set != null) {
            set.close();
        }
    }

    static Connection connect(String url, int timeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PostgresServer.USERNAME);
        p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("socketTimeout", Integer.toString(timeoutSeconds));
        return DriverManager.getConnection(url, p);
    }

    static void insert(ReplicaNode primary, int id) throws SQLException {
        try (Connection c = primary.server().connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO notes VALUES (?, 'n' || ?)")) {
            ps.setInt(1, id);
            ps.setInt(2, id);
            ps.executeUpdate();
        }
    }

    static boolean sees(ReplicaNode node, int id) throws SQLException {
        try (Connection c = node.server().connect();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM notes WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    @Test
    void startsAPrimaryAndTwoStreamingHotStandbysWithinSeconds() throws SQLException {
        assertThat(startMillis).as("start time of a 1-primary-2-standby set (ms)").isLessThan(15_000);
        assertThat(set.primary().name()).isEqualTo("node0");
        assertThat(set.primary().isInRecovery()).isFalse();
        assertThat(set.standbys()).extracting(ReplicaNode::name).containsExactly("node1", "node2");
        for (ReplicaNode standby : set.standbys()) {
            assertThat(standby.isInRecovery()).as(standby.name()).isTrue();
        }
        try (Connection c = set.primary().server().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT application_name FROM pg_stat_replication r "
                        + "JOIN pg_replication_slots s ON s.active_pid = r.pid "
                        + "WHERE r.state = 'streaming' AND s.slot_name = r.application_name ORDER BY 1")) {
            List<String> streaming = new ArrayList<>();
            while (rs.next()) {
                streaming.add(rs.getString(1));
            }
            assertThat(streaming).containsExactly("node1", "node2");
        }
    }

    @Test
    void aRowWrittenOnThePrimaryAppearsOnEveryStandby() throws SQLException {
        insert(set.primary(), 1);
        set.awaitAllReplayed(WAIT);
        for (ReplicaNode standby : set.standbys()) {
            assertThat(sees(standby, 1)).as(standby.name()).isTrue();
            try (Connection c = standby.connect(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("INSERT INTO notes VALUES (100, 'x')"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            }
        }
    }

    @Test
    void pausedReplayMakesTheStandbyLagByWalPositionUntilResumed() throws SQLException {
        ReplicaNode lagging = set.node("node1");
        set.awaitReplayed(lagging, WAIT);
        assertThat(set.replayLagBytes(lagging)).isZero();
        set.pauseReplay(lagging);
        try {
            insert(set.primary(), 2);
            set.awaitReplayed(set.node("node2"), WAIT);
            assertThat(set.replayLagBytes(lagging)).isPositive();
            assertThat(sees(lagging, 2)).isFalse();
            assertThat(sees(set.node("node2"), 2)).isTrue();
        } finally {
            set.resumeReplay(lagging);
        }
        set.awaitReplayed(lagging, WAIT);
        assertThat(sees(lagging, 2)).isTrue();
        assertThat(set.replayLagBytes(lagging)).isZero();
    }

    @Test
    void theMostAdvancedStandbyIsTheOneThatReceivedTheMostWalEvenWithReplayPaused() throws SQLException {
        ReplicaNode ahead = set.node("node1");
        ReplicaNode detached = set.node("node2");
        set.awaitAllReplayed(WAIT);
        try (Connection c = detached.server().connect(); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET primary_conninfo = ''"); // stops its WAL receiver
            s.execute("SELECT pg_reload_conf()");
        }
        set.pauseReplay(ahead);
        try {
            insert(set.primary(), 4);
            long target = set.primary().walPosition();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (ahead.receivedPosition() < target && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertThat(ahead.receivedPosition()).isGreaterThanOrEqualTo(target);
            assertThat(ahead.walPosition()).isLessThan(target); // received, not yet replayed
            assertThat(detached.receivedPosition()).isLessThan(target);
            assertThat(set.mostAdvancedStandby()).isSameAs(ahead);
        } finally {
            set.resumeReplay(ahead);
            set.repoint(detached); // streams from the primary again
        }
        set.awaitAllReplayed(WAIT);
        assertThat(sees(detached, 4)).isTrue();
    }

    @Test
    void aPartitionedPrimaryIsUnreachableAndFeedsNoStandbyUntilHealed() throws SQLException {
        ReplicaNode primary = set.primary();
        ReplicaNode standby = set.node("node2");
        set.awaitReplayed(standby, WAIT);
        set.partition(primary);
        try {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> connect(primary.jdbcUrl(), 1).close()).isInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            insert(primary, 3); // directly, as the set's controls do: the server itself is up
            long before = standby.walPosition();
            long target = primary.walPosition();
            assertThat(target).isGreaterThan(before);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < until) {
                assertThat(sees(standby, 3)).as("row 3 reached node2 through a partition").isFalse();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        } finally {
            set.heal(primary);
        }
        set.awaitReplayed(standby, WAIT);
        assertThat(sees(standby, 3)).isTrue();
        try (Connection c = connect(primary.jdbcUrl(), 5)) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void aSettingValueWithSpacesIsRefusedAtOnceInsteadOfFailingTheStartAMinuteLater() {
        // regression: such a value broke the server's command line and the start gave up after its 60 s wait
        assertThatThrownBy(() -> ReplicaSet.builder().setting("synchronous_standby_names", "ANY 1 (*)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("synchronous_standby_names");
        assertThatThrownBy(() -> PostgresServer.builder().setting("log_line_prefix", "%m [%p] "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("configure(");
        assertThatThrownBy(() -> ReplicaSet.builder().standbys(1).synchronousStandbys(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed standbys");
    }

    @Test
    void connectionStringsNameEveryNodePrimaryFirst() throws SQLException {
        List<ReplicaNode> nodes = set.nodes();
        String hosts = "127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:" + nodes.get(1).port() + ",127.0.0.1:"
                + nodes.get(2).port();
        assertThat(set.jdbcUrl()).isEqualTo("jdbc:postgresql://" + hosts + "/postgres");
        assertThat(set.connectionString()).isEqualTo("Host=" + hosts + ";Database=postgres;Username=postgres");
        try (Connection c = connect(set.jdbcUrl() + "?targetServerType=secondary", 5); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }
}
