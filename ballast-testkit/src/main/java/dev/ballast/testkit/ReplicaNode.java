package dev.ballast.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;

/**
 * One server of a {@link ReplicaSet}: a {@link PostgresServer} with its own {@link FaultProxy} in front.
 *
 * <p>Clients reach the node through the proxy: {@link #host()}, {@link #port()}, {@link #jdbcUrl()} and
 * {@link #connect()} all go through it, and so does streaming replication from this node to its standbys. Faults on
 * the proxy therefore look like a network fault around the node ({@link ReplicaSet#partition(ReplicaNode)}). The
 * set's own controls and {@link #server()} talk to the server directly, so they keep working during a partition.
 *
 * <p>A node has no fixed role: the primary can be stopped, a standby promoted. {@link #isInRecovery()} asks the server
 * itself; {@link ReplicaSet#primary()} is the node the set last made primary. Thread-safe.
 */
public final class ReplicaNode {

    private final String name;
    private final PostgresServer server;
    private final FaultProxy proxy;

    ReplicaNode(String name, PostgresServer server, FaultProxy proxy) {
        this.name = Objects.requireNonNull(name, "name");
        this.server = Objects.requireNonNull(server, "server");
        this.proxy = Objects.requireNonNull(proxy, "proxy");
    }

    /**
     * @return the node's name, {@code node0} for the first primary and {@code node1}, {@code node2}, ... for the
     *     standbys; also its {@code application_name} on its upstream and its replication slot's name
     */
    public String name() {
        return name;
    }

    /** @return the server itself, for direct control (stop, crash, start, settings) bypassing the proxy */
    public PostgresServer server() {
        return server;
    }

    /** @return the fault proxy in front of the node */
    public FaultProxy proxy() {
        return proxy;
    }

    /** @return the host clients use, {@code 127.0.0.1} */
    public String host() {
        return proxy.host();
    }

    /** @return the port clients use: the proxy's, stable for the node's lifetime */
    public int port() {
        return proxy.port();
    }

    /** @return the JDBC URL of the {@code postgres} database, through the proxy */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /**
     * @param database a database name
     * @return the JDBC URL of that database, through the proxy
     */
    public String jdbcUrl(String database) {
        return proxy.jdbcUrl(database);
    }

    /**
     * Opens a plain JDBC connection as a client would: through the proxy, to the {@code postgres} database.
     *
     * @return a new connection; the caller closes it
     * @throws SQLException if the node cannot be reached (a partition makes this fail after 5 s)
     */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", PostgresServer.USERNAME);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    /**
     * Asks the server (directly, not through the proxy) whether it is a standby.
     *
     * @return {@code pg_is_in_recovery()}
     * @throws SQLException if the server cannot be reached
     */
    public boolean isInRecovery() throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * The WAL position this node has reached: on a primary {@code pg_current_wal_lsn()}, on a standby
     * {@code pg_last_wal_replay_lsn()} (what its queries see).
     *
     * @return the position as a byte offset into the WAL
     * @throws SQLException if the server cannot be reached
     */
    public long walPosition() throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() "
                        + "ELSE pg_current_wal_lsn() END")) {
            rs.next();
            return Lsn.parse(rs.getString(1));
        }
    }

    /**
     * The WAL position this standby has received and flushed ({@code pg_last_wal_receive_lsn()}), which runs ahead of
     * {@link #walPosition()} while replay is paused or behind; on a primary, its current position.
     *
     * @return the position as a byte offset into the WAL
     * @throws SQLException if the server cannot be reached
     */
    public long receivedPosition() throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CASE WHEN pg_is_in_recovery() THEN "
                        + "greatest(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) ELSE pg_current_wal_lsn() END")) {
            rs.next();
            return Lsn.parse(rs.getString(1));
        }
    }

    @Override
    public String toString() {
        return "ReplicaNode[" + name + ", " + host() + ":" + port() + " -> " + server + "]";
    }
}
