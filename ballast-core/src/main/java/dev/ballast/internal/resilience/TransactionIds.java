package dev.ballast.internal.resilience;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * The server-version-specific SQL behind verified commits, and the identity of the server that assigned a
 * transaction id (DESIGN §4a).
 *
 * <p>The transaction id is read just before COMMIT with the {@code _if_assigned} variant, so none is assigned just
 * for Ballast: {@code pg_current_xact_id_if_assigned()} / {@code pg_xact_status(xid8)} on PostgreSQL 13+,
 * {@code txid_current_if_assigned()} / {@code txid_status(bigint)} on 10 to 12. Before 10 there is no status
 * function: commits cannot be verified. The server's major version is read once from the driver's
 * {@link java.sql.DatabaseMetaData} (no round trip) and remembered.
 *
 * <p><b>Which server.</b> An answer about a transaction id is only meaningful from the server incarnation that
 * assigned it: another server (a standby, a promoted replica, a different cluster behind the same address) has
 * other transactions under the same ids, and after a crash restart PostgreSQL hands out again the ids whose
 * assignment never reached the disk. So the id is recorded with a {@link Server}: {@code system_identifier} from
 * {@code pg_control_system()} (the cluster), the timeline from {@code pg_control_checkpoint()} (its history), and the
 * incarnation: {@code pg_postmaster_start_time()}, which a full restart changes, joined with the
 * {@code stats_reset} time of {@code pg_stat_archiver}, which an in-place crash restart changes (the postmaster
 * survives one killed backend but resets shared memory and discards the statistics). Both are readable by any
 * role. The identity is read once per physical connection, in the same query as its first transaction id, and
 * remembered ({@link ServerIdentities}); the status query reads it again, from the server that answers. Thread-safe.
 */
final class TransactionIds {

    /**
     * The server a transaction id belongs to.
     *
     * @param systemIdentifier the cluster's {@code system_identifier}
     * @param timeline the timeline of its latest checkpoint
     * @param incarnation the postmaster's start time and the archiver statistics' reset time
     */
    record Server(String systemIdentifier, String timeline, String incarnation) {

        /**
         * @param answering the server that answered a status query
         * @return why its answer cannot describe a transaction of this server, or null if it is this server
         */
        String difference(Server answering) {
            if (!systemIdentifier.equals(answering.systemIdentifier)) {
                return "the check reached another server (system identifier " + answering.systemIdentifier
                        + ", while the transaction ran on " + systemIdentifier + ")";
            }
            if (!timeline.equals(answering.timeline)) {
                return "the server is on timeline " + answering.timeline + " while the transaction ran on timeline "
                        + timeline + " (a failover or a point-in-time recovery since)";
            }
            if (!incarnation.equals(answering.incarnation)) {
                return "the server restarted since (" + incarnation + " -> " + answering.incarnation + "), and after"
                        + " a crash it hands out again the transaction ids that never reached the disk, so its answer"
                        + " may describe another transaction that was given the same id";
            }
            return null;
        }
    }

    /** A transaction's id and the server that assigned it. */
    record Recorded(String xid, Server server) {}

    /** A transaction's status, and the server that reported it. */
    record Status(String status, Server server) {}

    /**
     * The status of an id the answering server has not handed out: PostgreSQL refuses to report on it ("transaction
     * ID ... is in the future", SQLSTATE 22023). A server that assigned the id never says this; one that lost the id
     * in a crash restart, or another server, does.
     */
    static final String NOT_ASSIGNED = "not yet assigned";
    private static final String INVALID_PARAMETER_VALUE = "22023";

    private static final String IDENTITY = "(select system_identifier from pg_control_system())::text, "
            + "(select timeline_id from pg_control_checkpoint())::text, "
            + "pg_postmaster_start_time()::text || ' / ' || coalesce((select stats_reset from pg_stat_archiver)::text,"
            + " '')";
    static final String XID_13 = "select pg_current_xact_id_if_assigned()::text";
    static final String XID_10 = "select txid_current_if_assigned()::text";
    static final String XID_AND_IDENTITY_13 = XID_13 + ", " + IDENTITY;
    static final String XID_AND_IDENTITY_10 = XID_10 + ", " + IDENTITY;
    static final String STATUS_13 = "select pg_xact_status(cast(? as xid8)), " + IDENTITY;
    static final String STATUS_10 = "select txid_status(?), " + IDENTITY;
    static final String IDENTITY_ONLY = "select null, " + IDENTITY;

    private final ServerIdentities known = new ServerIdentities();
    private volatile int serverMajor;

    /**
     * @param connection a connection inside the transaction, just before COMMIT
     * @return the transaction's id and the server's identity, or null if it has no id yet
     * @throws SQLException if the query fails
     */
    Recorded currentIfAssigned(Connection connection) throws SQLException {
        boolean modern = major(connection) >= 13;
        Object physical = physical(connection);
        Server server = physical == null ? null : known.get(physical);
        String sql = server != null ? (modern ? XID_13 : XID_10)
                : (modern ? XID_AND_IDENTITY_13 : XID_AND_IDENTITY_10);
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            String xid = rs.getString(1);
            if (server == null) {
                server = server(rs);
                if (physical != null) {
                    known.put(physical, server);
                }
            }
            return xid == null ? null : new Recorded(xid, server);
        }
    }

    /**
     * @param connection a connection to the server
     * @return whether this server can report a transaction's status (PostgreSQL 10 or later)
     * @throws SQLException if the driver cannot tell the version
     */
    boolean canVerify(Connection connection) throws SQLException {
        return major(connection) >= 10;
    }

    /**
     * @param connection a fresh connection, in auto-commit
     * @param xid the id {@link #currentIfAssigned} returned
     * @return the status ({@code committed}, {@code aborted}, {@code in progress}, {@link #NOT_ASSIGNED}, or null if
     *     the server no longer knows) and the identity of the server that answered
     * @throws SQLException if the query fails
     */
    Status status(Connection connection, String xid) throws SQLException {
        boolean modern = major(connection) >= 13;
        try (PreparedStatement ps = connection.prepareStatement(modern ? STATUS_13 : STATUS_10)) {
            if (modern) {
                ps.setString(1, xid);
            } else {
                ps.setLong(1, Long.parseLong(xid));
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the transaction status query returned no row");
                }
                return new Status(rs.getString(1), server(rs));
            } catch (SQLException e) {
                if (!INVALID_PARAMETER_VALUE.equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
        // the id is in this server's future: still say which server answered, since that is what explains it
        try (PreparedStatement ps = connection.prepareStatement(IDENTITY_ONLY); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the server identity query returned no row");
            }
            return new Status(NOT_ASSIGNED, server(rs));
        }
    }

    private static Server server(ResultSet rs) throws SQLException {
        return new Server(String.valueOf(rs.getString(2)), String.valueOf(rs.getString(3)),
                String.valueOf(rs.getString(4)));
    }

    /** @return the driver's connection behind any wrappers, or null if it is not pgjdbc's */
    private static Object physical(Connection connection) {
        try {
            return connection.isWrapperFor(PGConnection.class) ? connection.unwrap(PGConnection.class) : null;
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private int major(Connection connection) throws SQLException {
        int major = serverMajor;
        if (major == 0) {
            major = connection.getMetaData().getDatabaseMajorVersion();
            serverMajor = major;
        }
        return major;
    }
}
