package dev.ballast.resilience;

import java.sql.SQLNonTransientConnectionException;

/**
 * The connection failed while a COMMIT was in flight and Ballast could not find out, within its verification bound,
 * whether the transaction committed. The write may or may not have happened; Ballast did not replay it, because a
 * replay could write twice. The caller must check the data (or ask PostgreSQL about {@link #transactionId()} with
 * {@code pg_xact_status}) before deciding what to do.
 *
 * <p>SQLSTATE {@value #SQL_STATE} (transaction_resolution_unknown). The cause is the failure of the COMMIT; the last
 * verification failure, if any, is attached as suppressed.
 */
public class CommitOutcomeUnknownException extends SQLNonTransientConnectionException {

    private static final long serialVersionUID = 1L;

    /** The SQLSTATE of every {@code CommitOutcomeUnknownException}. */
    public static final String SQL_STATE = "08007";

    /** The transaction's id as text, or null. */
    private final String transactionId;

    /**
     * @param message what happened, for people
     * @param transactionId the transaction's id as PostgreSQL prints it ({@code xid8}), or null if it was not known
     * @param cause the failure of the COMMIT
     */
    public CommitOutcomeUnknownException(String message, String transactionId, Throwable cause) {
        super(message, SQL_STATE, cause);
        this.transactionId = transactionId;
    }

    /**
     * @return the 64-bit transaction id (as returned by {@code pg_current_xact_id()::text}), or null if the commit
     *     failed before the id could be known
     */
    public String transactionId() {
        return transactionId;
    }
}
