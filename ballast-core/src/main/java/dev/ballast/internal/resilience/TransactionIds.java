package dev.ballast.internal.resilience;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The server-version-specific SQL behind verified commits. Each query also reads
 * {@code pg_postmaster_start_time()}: after a crash, PostgreSQL hands out again the transaction ids whose assignment
 * never reached the disk, so a {@code committed} status read after a restart may belong to another transaction that
 * got the same id. The verifier compares the two start times to know. The transaction id is read just before COMMIT with the
 * {@code _if_assigned} variant, so a transaction that wrote nothing gets no id (and needs no verification) and none
 * is assigned just for Ballast: {@code pg_current_xact_id_if_assigned()} / {@code pg_xact_status(xid8)} on
 * PostgreSQL 13+, {@code txid_current_if_assigned()} / {@code txid_status(bigint)} on 10 to 12. Before 10 there is
 * no status function: commits cannot be verified. The server's major version is read once from the driver's
 * {@link java.sql.DatabaseMetaData} (no round trip) and remembered. Thread-safe.
 */
final class TransactionIds {

    /** A transaction's id and the start time of the server that assigned it. */
    record Recorded(String xid, String serverStart) {}

    /** A transaction's status and the start time of the server that reported it. */
    record Status(String status, String serverStart) {}

    private volatile int serverMajor;

    /**
     * @param connection a connection inside the transaction, just before COMMIT
     * @return the transaction's id and the server's start time, or null if it has no id (it wrote nothing)
     * @throws SQLException if the query fails
     */
    Recorded currentIfAssigned(Connection connection) throws SQLException {
        int major = major(connection);
        String sql = major >= 13 ? "select pg_current_xact_id_if_assigned()::text, pg_postmaster_start_time()::text"
                : "select txid_current_if_assigned()::text, pg_postmaster_start_time()::text";
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getString(1) == null) {
                return null;
            }
            return new Recorded(rs.getString(1), rs.getString(2));
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
     * @return the status ({@code committed}, {@code aborted}, {@code in progress}, or null if the server no longer
     *     knows) and the server's start time
     * @throws SQLException if the query fails
     */
    Status status(Connection connection, String xid) throws SQLException {
        boolean modern = major(connection) >= 13;
        String sql = modern ? "select pg_xact_status(cast(? as xid8)), pg_postmaster_start_time()::text"
                : "select txid_status(?), pg_postmaster_start_time()::text";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (modern) {
                ps.setString(1, xid);
            } else {
                ps.setLong(1, Long.parseLong(xid));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Status(rs.getString(1), rs.getString(2)) : new Status(null, null);
            }
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
