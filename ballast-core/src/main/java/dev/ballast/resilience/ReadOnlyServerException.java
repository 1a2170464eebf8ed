package dev.ballast.resilience;

import java.sql.SQLTransientConnectionException;

/**
 * A write failed with SQLSTATE {@value #SQL_STATE} (read_only_sql_transaction) because the server itself is
 * read-only — in recovery (a standby) or running with {@code default_transaction_read_only} on (a demoted primary) —
 * as happens when, after a failover, an address still leads to the old primary. Ballast asked the server before
 * deciding: the connection was evicted and the work is retried on a new connection like any lost connection, and the
 * circuit breaker counts it. A write in a transaction the caller declared read-only on a writable server is not
 * this exception: its {@code 25006} is thrown as the driver raised it, at once.
 *
 * <p>The cause is the driver's error.
 */
public class ReadOnlyServerException extends SQLTransientConnectionException {

    private static final long serialVersionUID = 1L;

    /** The SQLSTATE of every {@code ReadOnlyServerException}. */
    public static final String SQL_STATE = "25006";

    /**
     * @param message what happened, for people
     * @param cause the driver's error
     */
    public ReadOnlyServerException(String message, Throwable cause) {
        super(message, SQL_STATE, cause);
    }
}
