package dev.ballast.resilience;

import java.sql.SQLException;

/**
 * Database work without a result. Run by {@link DatabaseResilience#execute(SqlRunnable)}, possibly more than once:
 * it must be safe to replay.
 */
@FunctionalInterface
public interface SqlRunnable {

    /** @throws SQLException if the work fails */
    void run() throws SQLException;
}
