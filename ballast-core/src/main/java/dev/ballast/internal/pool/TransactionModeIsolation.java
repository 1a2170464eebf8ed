package dev.ballast.internal.pool;

import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.pool.PoolConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code Connection.setTransactionIsolation} behind a transaction-mode PgBouncer. pgjdbc applies it with a
 * session-level {@code SET SESSION CHARACTERISTICS}, which lands on whichever server session the bouncer picks and
 * stays there for its next clients. Instead the level is kept on the pooled connection and set with
 * {@code SET TRANSACTION ISOLATION LEVEL} as the first statement of the transaction the borrower begins with
 * {@code setAutoCommit(false)} (Spring's order), or at once when a transaction is already being begun. Stateless.
 */
final class TransactionModeIsolation {

    private TransactionModeIsolation() {}

    static boolean applies(PoolConfig config) {
        return config.pgBouncerPoolMode() == PgBouncerPoolMode.TRANSACTION;
    }

    /**
     * Begins the transaction with the level: with autoCommit off the driver sends {@code BEGIN} before it.
     *
     * @param raw the physical connection, autoCommit off
     * @param level a {@code Connection.TRANSACTION_*} level
     * @throws SQLException if the server refuses (e.g. the transaction already ran a statement: 25001)
     */
    static void begin(Connection raw, int level) throws SQLException {
        try (Statement s = raw.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL " + name(level));
        }
    }

    private static String name(int level) {
        return switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED -> "READ UNCOMMITTED";
            case Connection.TRANSACTION_READ_COMMITTED -> "READ COMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ -> "REPEATABLE READ";
            case Connection.TRANSACTION_SERIALIZABLE -> "SERIALIZABLE";
            default -> throw new IllegalArgumentException("not a JDBC isolation level: " + level);
        };
    }
}
