package dev.ballast.internal.resilience;

import dev.ballast.postgres.FailureClass;
import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.resilience.ReadOnlyServerException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;

/**
 * Tells the two meanings of SQLSTATE 25006 apart, on the connection that raised it: a server that is read-only (in
 * recovery, or whose configured {@code default_transaction_read_only} is on — {@code reset_val}, which a session's
 * own {@code SET} does not change) is a failover, anything else is the caller's own read-only transaction. Costs one
 * query, and only after a 25006. Stateless.
 */
final class ReadOnlyServers {

    private static final String SQL = "select pg_is_in_recovery() or coalesce((select reset_val = 'on' "
            + "from pg_settings where name = 'default_transaction_read_only'), false)";
    private static final Executor SAME_THREAD = Runnable::run;

    private ReadOnlyServers() {}

    /**
     * @param classifier the SQLSTATE table
     * @param c the connection the failure was raised on, still open; its transaction (if any) has ended or is
     *     rolled back here
     * @param failure the attempt's failure
     * @return a {@link ReadOnlyServerException} caused by {@code failure} if the server is read-only (the connection
     *     has then been aborted, so that a pool destroys it), otherwise null
     */
    static ReadOnlyServerException check(SqlStateClassifier classifier, Connection c, Throwable failure) {
        if (classifier.classify(failure) != FailureClass.READ_ONLY_TRANSACTION) {
            return null;
        }
        try {
            if (!c.getAutoCommit()) {
                c.rollback(); // the failed transaction would refuse the query
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SQL)) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return null;
                }
            }
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            return null;
        }
        ReadOnlyServerException readOnly = new ReadOnlyServerException("The server is read-only (in recovery, or "
                + "default_transaction_read_only is on): a standby or a demoted primary answered a write; the "
                + "connection is evicted and the work may be retried on a new one. " + failure.getMessage(), failure);
        try {
            c.abort(SAME_THREAD);
        } catch (SQLException | RuntimeException e) {
            readOnly.addSuppressed(e);
        }
        return readOnly;
    }
}
