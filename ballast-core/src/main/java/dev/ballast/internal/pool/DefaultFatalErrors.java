package dev.ballast.internal.pool;

import java.io.IOException;
import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * The pool's built-in answer to "is this connection broken?", used until the shared SQLSTATE table replaces it
 * through {@code PoolConfigBuilder.fatalErrors}. Fatal: SQLSTATE class 08 (connection exception), 57P01-57P03
 * (administrator shutdown, crash shutdown, cannot connect now), 25006 (read-only transaction: after a failover the
 * connection reached a standby), and any error caused by an {@link IOException}. Looks at the error, its cause chain
 * and its next-exception chain (bounded). Stateless and thread-safe.
 */
public enum DefaultFatalErrors implements Predicate<SQLException> {
    /** The one instance. */
    INSTANCE;

    private static final int MAX_DEPTH = 8;

    @Override
    public boolean test(SQLException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            if (t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException && isFatalState(((SQLException) t).getSQLState())) {
                return true;
            }
            Throwable next = t.getCause();
            if (next == null && t instanceof SQLException) {
                next = ((SQLException) t).getNextException();
            }
            t = next;
        }
        return false;
    }

    static boolean isFatalState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08") || "57P01".equals(state) || "57P02".equals(state) || "57P03".equals(state)
                || "25006".equals(state);
    }
}
