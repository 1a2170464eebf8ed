package dev.ballast.testkit;

import static dev.ballast.testkit.ReplicaSetTest.connect;
import static dev.ballast.testkit.ReplicaSetTest.insert;
import static dev.ballast.testkit.ReplicaSetTest.sees;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failover controls change the topology, so each test gets a set of its own. */
class ReplicaSetFailoverTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void afterThePrimaryCrashesAPromotedStandbyTakesWritesAndTheOtherFollowsIt() throws SQLException {
        try (ReplicaSet set = ReplicaSet.launch(2)) {
            ReplicaNode oldPrimary = set.primary();
            ReplicaNode promoted = set.node("node1");
            ReplicaNode follower = set.node("node2");
            try (Connection c = oldPrimary.server().connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE notes(id int PRIMARY KEY, body text)");
            }
            insert(oldPrimary, 1);
            set.awaitAllReplayed(WAIT);

            oldPrimary.server().crash();
            set.promote(promoted);
            assertThat(set.primary()).isSameAs(promoted);
            assertThat(promoted.isInRecovery()).isFalse();
            insert(promoted, 2);

            set.repoint(follower);
            set.awaitReplayed(follower, WAIT);
            assertThat(follower.isInRecovery()).isTrue();
            assertThat(sees(follower, 1)).isTrue();
            assertThat(sees(follower, 2)).isTrue();

            assertThat(set.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + promoted.port() + ",");
            try (Connection c = connect(set.jdbcUrl() + "?targetServerType=primary", 5);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT inet_server_port(), pg_is_in_recovery()")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(promoted.server().port());
                assertThat(rs.getBoolean(2)).isFalse();
            }
        }
    }

    @Test
    void aSwitchoverDemotesTheRunningPrimaryToAStandbyThatFollowsTheNewOne() throws SQLException {
        try (ReplicaSet set = ReplicaSet.launch(2)) {
            ReplicaNode oldPrimary = set.primary();
            try (Connection c = oldPrimary.server().connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE notes(id int PRIMARY KEY, body text)");
            }
            insert(oldPrimary, 1); // the last write on the old primary, not yet replayed anywhere perhaps
            ReplicaNode promoted = set.node("node1");
            set.switchover(promoted);
            assertThat(set.primary()).isSameAs(promoted);
            assertThat(oldPrimary.server().isRunning()).isTrue();
            assertThat(oldPrimary.isInRecovery()).as("the old primary is a standby now").isTrue();
            assertThat(sees(promoted, 1)).as("the clean stop shipped the old primary's last write").isTrue();
            insert(promoted, 2);
            set.awaitAllReplayed(WAIT);
            assertThat(sees(oldPrimary, 2)).as("the demoted node replays the new primary's writes").isTrue();
            assertThat(sees(set.node("node2"), 2)).isTrue();
            assertThat(set.standbys()).containsExactly(oldPrimary, set.node("node2"));
        }
    }

    @Test
    void failoverFromACleanlyStoppedPrimaryPromotesAndRepointsInOneCall() throws SQLException {
        try (ReplicaSet set = ReplicaSet.launch(2)) {
            ReplicaNode oldPrimary = set.primary();
            try (Connection c = oldPrimary.server().connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE notes(id int PRIMARY KEY, body text)");
            }
            insert(oldPrimary, 1);
            oldPrimary.server().stop();
            ReplicaNode promoted = set.node("node2");
            set.failover(promoted);
            insert(promoted, 2);
            ReplicaNode follower = set.node("node1");
            set.awaitReplayed(follower, WAIT);
            assertThat(sees(follower, 1)).isTrue();
            assertThat(sees(follower, 2)).isTrue();
            assertThat(set.standbys()).containsExactly(oldPrimary, follower);
        }
    }

    @Test
    void withSynchronousStandbysEveryCommitWaitsForOneAndAPromotedStandbyKeepsThatRule() throws SQLException {
        try (ReplicaSet set = ReplicaSet.builder().standbys(2).synchronousStandbys(1).build()) {
            // a standby counts as a quorum candidate once its first reply has reached the primary
            java.util.List<String> states = syncStates(set.primary());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!states.equals(java.util.List.of("node1 quorum", "node2 quorum")) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                states = syncStates(set.primary());
            }
            assertThat(states).containsExactly("node1 quorum", "node2 quorum");
            try (Connection c = set.primary().server().connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE notes(id int PRIMARY KEY, body text)");
            }
            insert(set.primary(), 1);
            set.primary().server().crash();
            ReplicaNode promoted = set.mostAdvancedStandby();
            set.failover(promoted);
            assertThat(sees(promoted, 1)).isTrue();
            insert(promoted, 2); // would block if no standby confirmed it
            ReplicaNode other = set.standbys().stream().filter(n -> n.server().isRunning()).findFirst().orElseThrow();
            assertThat(syncStates(promoted)).containsExactly(other.name() + " quorum");
        }
    }

    private static java.util.List<String> syncStates(ReplicaNode primary) throws SQLException {
        java.util.List<String> states = new java.util.ArrayList<>();
        try (Connection c = primary.server().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT application_name || ' ' || sync_state FROM pg_stat_replication "
                        + "ORDER BY 1")) {
            while (rs.next()) {
                states.add(rs.getString(1));
            }
        }
        return states;
    }
}
