package dev.ballast.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The SQL and waits shared by the {@link ReplicaSet} controls and its launcher. */
final class Replication {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final Duration CONTROL_WAIT = Duration.ofSeconds(30);

    private Replication() {}

    static void closeAll(List<ReplicaNode> nodes) {
        for (ReplicaNode n : nodes) {
            n.server().close();
        }
        for (ReplicaNode n : nodes) {
            n.proxy().close();
        }
    }

    /** @return the libpq string a standby named {@code applicationName} uses to stream from {@code upstream} */
    static String conninfo(ReplicaNode upstream, String applicationName) {
        return "host=" + upstream.host() + " port=" + upstream.port() + " user=" + PostgresServer.USERNAME
                + " application_name=" + applicationName + " connect_timeout=2";
    }

    static void createSlot(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_create_physical_replication_slot(?, true) "
                + "WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = ?)")) {
            ps.setString(1, name);
            ps.setString(2, name);
            ps.execute();
        }
    }

    /** Waits until the standby's WAL receiver streams from {@code upstream}'s port. */
    static void awaitStreaming(ReplicaNode standby, ReplicaNode upstream) throws SQLException {
        try (Connection c = standby.server().connect()) {
            awaitTrue(c, "SELECT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming' "
                    + "AND sender_port = " + upstream.port() + ")", standby.name() + " to stream from "
                    + upstream.name());
        }
    }

    static void awaitTrue(Connection c, String sql, String what) throws SQLException {
        long deadline = System.nanoTime() + CONTROL_WAIT.toNanos();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("gave up waiting " + CONTROL_WAIT + " for " + what);
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }
}
