package dev.ballast.internal.pool;

import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolStats;
import dev.ballast.postgres.SqlStateClassifier;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * The pool's exceptions; every message names the pool and, where it helps, its state. Their SQLSTATEs say what
 * happened, so that the one SQLSTATE table decides what a caller's retry policy and circuit breaker do with them:
 * a saturated pool answers {@link BallastPool#SATURATED_SQL_STATE}, a database that refuses the pool answers with
 * the connect error's own code.
 */
final class PoolErrors {

    /** Used when the driver's connect error carries no SQLSTATE, and when no connection could be opened in time. */
    private static final String UNABLE_TO_CONNECT = "08001";

    private PoolErrors() {}

    static String describe(PoolStats s) {
        return "total=" + s.total() + ", idle=" + s.idle() + ", used=" + s.used() + ", waiting=" + s.pending()
                + ", max=" + s.max() + ", opening=" + s.opening();
    }

    /**
     * A borrower waited the whole connection timeout. With no connect error since the last successful connect and
     * every connection the pool may hold open, the pool is saturated: {@link BallastPool#SATURATED_SQL_STATE}. With a
     * connect error, that error's SQLSTATE (the database is why no connection came). Otherwise no connection could be
     * opened in time: 08001.
     *
     * @param saturated whether every connection the pool may hold (its maximum, or the automatic sizing's limit) is
     *     open
     * @param cause the last connect error since the last successful connect, or {@code null}
     */
    static SQLTransientConnectionException timeout(String pool, long waitedMillis, PoolStats s, boolean saturated,
            SQLException cause) {
        String message = "Pool '" + pool + "': no connection available after " + waitedMillis + " ms (" + describe(s)
                + ")" + (cause != null ? "; last connect error: " + cause.getMessage() : "");
        String state = cause != null ? stateOf(cause)
                : saturated ? BallastPool.SATURATED_SQL_STATE : UNABLE_TO_CONNECT;
        return new SQLTransientConnectionException(message, state, cause);
    }

    /**
     * The database refused the pool and nothing can come back to serve the borrower: it fails fast with the connect
     * error's SQLSTATE. The exception type follows the SQLSTATE table: transient when a new attempt may work (08001
     * refused, 53300 full), an authorization error for class 28, otherwise non-transient (3D000 no such database).
     */
    static SQLException unreachable(String pool, PoolStats s, SQLException cause) {
        String message = "Pool '" + pool + "': cannot open a connection to the database, failing fast (" + describe(s)
                + "): " + cause.getMessage();
        String state = stateOf(cause);
        if (SqlStateClassifier.standard().classify(state).retry()) {
            return new SQLTransientConnectionException(message, state, cause);
        }
        if (state.startsWith("28")) {
            return new SQLInvalidAuthorizationSpecException(message, state, cause);
        }
        return new SQLNonTransientConnectionException(message, state, cause);
    }

    private static String stateOf(SQLException e) {
        String state = e.getSQLState();
        if (BouncerSymptoms.isAuthenticationFailure(state, e.getMessage())) {
            return "28P01"; // PgBouncer 1.18 says 08P01: the caller sees PostgreSQL's code, as without the bouncer
        }
        return state != null && state.length() == 5 ? state : UNABLE_TO_CONNECT;
    }

    static SQLNonTransientConnectionException closed(String pool) {
        return new SQLNonTransientConnectionException("Pool '" + pool + "' is closed", "08003");
    }

    static SQLException interrupted(String pool) {
        return new SQLException("Interrupted while waiting for a connection from pool '" + pool + "'", "57014");
    }
}
