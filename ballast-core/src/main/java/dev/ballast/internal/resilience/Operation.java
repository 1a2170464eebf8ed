package dev.ballast.internal.resilience;

import dev.ballast.resilience.SqlCallable;
import dev.ballast.resilience.SqlFunction;
import dev.ballast.resilience.SqlRunnable;
import dev.ballast.resilience.TransactionOptions;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What one attempt of each public operation does. Stateless constants, so that the retry loop runs any operation
 * without a per-call lambda: the user's function travels as a plain argument.
 */
enum Operation {
    /** {@code execute(SqlCallable)}. */
    CALL("execute") {
        @Override
        Object attempt(ConnectionWork work, Object fn, TransactionOptions options, AsyncCall<?> async)
                throws SQLException {
            return ((SqlCallable<?>) fn).call();
        }
    },
    /** {@code execute(SqlRunnable)}. */
    RUN("execute") {
        @Override
        Object attempt(ConnectionWork work, Object fn, TransactionOptions options, AsyncCall<?> async)
                throws SQLException {
            ((SqlRunnable) fn).run();
            return null;
        }
    },
    /** {@code withConnection}. */
    WITH_CONNECTION("withConnection") {
        @Override
        Object attempt(ConnectionWork work, Object fn, TransactionOptions options, AsyncCall<?> async)
                throws SQLException {
            return work.withConnection(function(fn), async);
        }
    },
    /** {@code inTransaction}. */
    IN_TRANSACTION("inTransaction") {
        @Override
        Object attempt(ConnectionWork work, Object fn, TransactionOptions options, AsyncCall<?> async)
                throws SQLException {
            return work.inTransaction(function(fn), options, async);
        }
    };

    /** The name listeners see. */
    final String label;

    Operation(String label) {
        this.label = label;
    }

    /**
     * Runs one attempt.
     *
     * @param work connection handling for the connection-based operations
     * @param fn the user's function, of the type the operation expects
     * @param options the transaction options, for {@link #IN_TRANSACTION}
     * @param async the asynchronous call this attempt belongs to, or null
     * @return the attempt's result
     * @throws SQLException the attempt's failure
     */
    abstract Object attempt(ConnectionWork work, Object fn, TransactionOptions options, AsyncCall<?> async)
            throws SQLException;

    @SuppressWarnings("unchecked")
    private static SqlFunction<Connection, ?> function(Object fn) {
        return (SqlFunction<Connection, ?>) fn;
    }
}
