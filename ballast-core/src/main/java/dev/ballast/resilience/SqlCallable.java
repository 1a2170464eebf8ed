package dev.ballast.resilience;

import java.sql.SQLException;

/**
 * Database work that returns a value. Run by {@link DatabaseResilience#execute(SqlCallable)}, possibly more than
 * once: it must be safe to replay.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SqlCallable<T> {

    /**
     * @return the result
     * @throws SQLException if the work fails
     */
    T call() throws SQLException;
}
