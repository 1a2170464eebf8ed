package dev.ballast.internal.pool;

import dev.ballast.pool.PoolStats;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** The pool's exceptions; every message names the pool and, where it helps, its state. */
final class PoolErrors {

    private PoolErrors() {}

    static String describe(PoolStats s) {
        return "total=" + s.total() + ", idle=" + s.idle() + ", used=" + s.used() + ", waiting=" + s.pending()
                + ", max=" + s.max() + ", opening=" + s.opening();
    }

    /** A borrower waited the whole connection timeout; the cause is the last connect error, if any. */
    static SQLTransientConnectionException timeout(String pool, long waitedMillis, PoolStats s, SQLException cause) {
        String message = "Pool '" + pool + "': no connection available after " + waitedMillis + " ms (" + describe(s)
                + ")" + (cause != null ? "; last connect error: " + cause.getMessage() : "");
        return new SQLTransientConnectionException(message, "08001", cause);
    }

    /** The database could not be reached and nothing was idle: the borrower fails fast. */
    static SQLTransientConnectionException unreachable(String pool, PoolStats s, SQLException cause) {
        String message = "Pool '" + pool + "': cannot open a connection to the database, failing fast (" + describe(s)
                + "): " + cause.getMessage();
        return new SQLTransientConnectionException(message, "08001", cause);
    }

    static SQLNonTransientConnectionException closed(String pool) {
        return new SQLNonTransientConnectionException("Pool '" + pool + "' is closed", "08003");
    }

    static SQLException interrupted(String pool) {
        return new SQLException("Interrupted while waiting for a connection from pool '" + pool + "'", "57014");
    }
}
