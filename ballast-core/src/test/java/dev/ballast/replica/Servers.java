package dev.ballast.replica;

import static org.assertj.core.api.Assertions.fail;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.ReplicaNode;
import dev.ballast.testkit.ReplicaSet;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/** Helpers shared by the replica tests: which node a connection is on, bounded polls on real state. */
final class Servers {

    private Servers() {}

    static DatabaseOptions.Builder options(ReplicaSet set) {
        return DatabaseOptions.builder().url(set.jdbcUrl()).username(PostgresServer.USERNAME)
                .minPoolSize(0).maxPoolSize(10).retryDelay(Duration.ofMillis(100)).retryJitter(false)
                .circuitBreakerThreshold(1000).connectionTimeout(Duration.ofSeconds(5));
    }

    static Ballast start(DatabaseOptions options) {
        return Ballast.start(options, OpenTelemetry.noop());
    }

    /** @return the real port of the server this connection is on */
    static int serverPort(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select inet_server_port()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** @return the node a connection of this data source lands on */
    static ReplicaNode nodeOf(ReplicaSet set, DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return nodeOf(set, serverPort(c));
        }
    }

    static ReplicaNode nodeOf(ReplicaSet set, int port) {
        for (ReplicaNode n : set.nodes()) {
            if (n.server().port() == port) {
                return n;
            }
        }
        throw new AssertionError("no node has port " + port);
    }

    /** Polls real state until it holds, failing after the bound. */
    static void await(String what, Duration bound, SqlCondition condition) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + bound + ": " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }

    @FunctionalInterface
    interface SqlCondition {
        boolean holds() throws Exception;
    }


    static void execute(ReplicaNode node, String sql) throws SQLException {
        try (Connection c = node.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
