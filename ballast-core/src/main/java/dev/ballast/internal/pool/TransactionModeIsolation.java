package dev.ballast.internal.pool;

import dev.ballast.pool.PgBouncerPoolMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * {@code Connection.setTransactionIsolation} behind a transaction-mode PgBouncer. pgjdbc applies it with a
 * session-level {@code SET SESSION CHARACTERISTICS}, which lands on whichever server session the bouncer picks and
 * stays there for its next clients. Instead the level is kept on the pooled connection ({@link ConnectionState}) and,
 * while autoCommit is off, every transaction the borrower begins gets it: just before a statement runs with no
 * transaction open, {@code SET TRANSACTION ISOLATION LEVEL} is sent first. pgjdbc sends its {@code BEGIN} and that
 * statement together, so a transaction at a non-default level costs one extra round trip; at the session's default
 * level nothing is sent. Needs pgjdbc (it tells whether a transaction is open); with another driver the level is set
 * on the session as usual. Stateless.
 */
final class TransactionModeIsolation {

    private TransactionModeIsolation() {}

    /**
     * @param e a pooled connection
     * @return whether its isolation level is kept per transaction rather than set on the session
     */
    static boolean applies(PoolEntry e) {
        return e.pool.config().pgBouncerPoolMode() == PgBouncerPoolMode.TRANSACTION && e.pg != null;
    }

    /**
     * @param e a pooled connection for which {@link #applies} holds
     * @return whether the driver has a transaction open (begun, or failed and not yet rolled back)
     */
    static boolean inTransaction(PoolEntry e) {
        return e.pg.getTransactionState() != TransactionState.IDLE;
    }

    /**
     * Before a statement runs on a connection with autoCommit off and a level to begin with: if the statement is
     * about to begin a transaction, begins it with the level.
     *
     * @param e the pooled connection, {@link #applies} holds
     * @param level a {@code Connection.TRANSACTION_*} level
     * @throws SQLException if the server refuses
     */
    static void beforeStatement(PoolEntry e, int level) throws SQLException {
        if (!inTransaction(e)) {
            begin(e.raw, level);
        }
    }

    /**
     * Sets the level of the current transaction: with autoCommit off the driver sends {@code BEGIN} before it when
     * none is open.
     *
     * @param raw the physical connection, autoCommit off
     * @param level a {@code Connection.TRANSACTION_*} level
     * @throws SQLException if the server refuses (e.g. the transaction already ran a query: 25001)
     */
    static void begin(Connection raw, int level) throws SQLException {
        try (Statement s = raw.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL " + name(level));
        }
    }

    /**
     * @param level a {@code Connection.TRANSACTION_*} level
     * @return its SQL name
     * @throws SQLException (0A000, as pgjdbc) if it is not one
     */
    static String name(int level) throws SQLException {
        return switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED -> "READ UNCOMMITTED";
            case Connection.TRANSACTION_READ_COMMITTED -> "READ COMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ -> "REPEATABLE READ";
            case Connection.TRANSACTION_SERIALIZABLE -> "SERIALIZABLE";
            default -> throw new SQLException("Transaction isolation level " + level + " not supported.", "0A000");
        };
    }
}
