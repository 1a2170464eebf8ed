package dev.ballast.internal.pool;

import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.core.TransactionState;

/**
 * Makes a returned connection fit for the next borrower, on the returning thread: closes the statements it left
 * open, rolls back an open transaction (for pgjdbc, whatever opened it, even a plain {@code BEGIN}; for other drivers,
 * when autoCommit was turned off), restores changed JDBC settings, clears warnings and, when configured, resets the
 * server session with {@link #SESSION_RESET}. Stateless apart from its configuration; thread-safe.
 */
final class ConnectionReset {

    /**
     * The session reset: the effect of {@code DISCARD ALL} (session authorization, settings, LISTEN, advisory locks,
     * cursors, temporary tables, sequence state) except that it keeps server-side prepared statements and cached
     * plans, which pgjdbc's statement cache relies on ({@code DISCARD ALL} would make its next use fail with
     * "prepared statement S_1 does not exist").
     */
    static final String SESSION_RESET = "SET SESSION AUTHORIZATION DEFAULT; RESET ALL; UNLISTEN *; "
            + "SELECT pg_advisory_unlock_all(); CLOSE ALL; DISCARD TEMP; DISCARD SEQUENCES";

    private final boolean resetSession;

    ConnectionReset(boolean resetSession) {
        this.resetSession = resetSession;
    }

    /**
     * @param e the returned entry, owned by the caller
     * @return {@code null} if the connection is fit for reuse, else the error that says it is not
     */
    SQLException reset(PoolEntry e) {
        try {
            if (e.statements.size() > 0) {
                SQLException closing = e.statements.closeAll();
                if (closing != null && e.pool.isFatal(closing)) {
                    return closing;
                }
            }
            rollbackIfNeeded(e);
            ConnectionState session = e.session;
            if (session.isDirty()) {
                session.restore(e.raw);
            }
            e.raw.clearWarnings();
            if (resetSession && session.sessionUsed) {
                try (Statement s = e.raw.createStatement()) {
                    s.execute(SESSION_RESET);
                }
                if (!e.raw.getAutoCommit()) {
                    e.raw.commit();
                }
            }
            session.sessionUsed = false;
            return null;
        } catch (SQLException | RuntimeException x) {
            return x instanceof SQLException ? (SQLException) x : new SQLException("resetting the connection failed", x);
        }
    }

    private static void rollbackIfNeeded(PoolEntry e) throws SQLException {
        if (e.pg != null) {
            if (e.pg.getTransactionState() != TransactionState.IDLE) {
                if (e.pg.getAutoCommit()) {
                    e.pg.execSQLUpdate("ROLLBACK");
                } else {
                    e.raw.rollback();
                }
            }
        } else if (!e.session.autoCommit) {
            e.raw.rollback();
        }
    }
}
