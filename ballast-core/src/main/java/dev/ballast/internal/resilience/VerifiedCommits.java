package dev.ballast.internal.resilience;

import dev.ballast.internal.topology.SameServer;
import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.resilience.CommitOutcomeUnknownException;
import dev.ballast.resilience.VerifiedCommit;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The one rule for a COMMIT whose answer was lost, shared by {@code inTransaction} ({@link ConnectionWork}) and
 * frameworks that run their own transactions ({@link VerifiedCommit}): record the transaction id before COMMIT; after
 * a connection-level COMMIT failure ask the same server ({@link CommitVerifier}) — committed is a success, aborted
 * gives the failure back for a replay, anything else is {@link CommitOutcomeUnknownException}. Thread-safe.
 */
public final class VerifiedCommits implements VerifiedCommit {

    private final DataSource dataSource;
    private final SqlStateClassifier classifier;
    private final TransactionIds ids = new TransactionIds();
    private final CommitVerifier verifier;

    /** @param settings the data source, classifier, clock and verification bound to use */
    public VerifiedCommits(ResilienceSettings settings) {
        this.dataSource = settings.dataSource();
        this.classifier = settings.classifier();
        this.verifier = new CommitVerifier(settings, ids);
    }

    /**
     * @param connection a connection inside the transaction
     * @return whether its server can report a transaction's outcome (PostgreSQL 10 or later)
     * @throws SQLException if the driver cannot tell the version
     */
    boolean canVerify(Connection connection) throws SQLException {
        return ids.canVerify(connection);
    }

    /**
     * @param connection a connection inside the transaction, just before COMMIT
     * @return the transaction id and its server, or null if it has none yet
     * @throws SQLException if the query fails
     */
    TransactionIds.Recorded record(Connection connection) throws SQLException {
        return ids.currentIfAssigned(connection);
    }

    /**
     * Decides what a COMMIT whose connection failed means; the broken connection is already released.
     *
     * @param verifiable what {@link #canVerify} said
     * @param xid what {@link #record} returned
     * @param commitFailure how the COMMIT failed (a connection-level failure)
     * @param async the asynchronous call, or null
     * @param verifyOn the server that ran the transaction when there are several, or null for the data source
     * @throws SQLException {@code commitFailure} if the transaction verifiably aborted (a replay is safe)
     * @throws CommitOutcomeUnknownException if the outcome cannot be established; returns normally if committed
     */
    void afterLostCommit(boolean verifiable, TransactionIds.Recorded xid, SQLException commitFailure,
            AsyncCall<?> async, DataSource verifyOn) throws SQLException {
        if (!verifiable) {
            throw new CommitOutcomeUnknownException("COMMIT failed (" + commitFailure.getMessage()
                    + ") and this server (before PostgreSQL 10) cannot report whether it committed;"
                    + " it was not replayed", null, commitFailure);
        }
        if (xid == null) {
            throw new CommitOutcomeUnknownException("COMMIT failed (" + commitFailure.getMessage()
                    + ") in a transaction that had no transaction id before COMMIT. COMMIT assigns one"
                    + " itself when the transaction sent NOTIFY or left deferred triggers to fire, so"
                    + " whether it did anything cannot be known; it was not replayed. Declare read-only"
                    + " work with TransactionOptions.readOnly() to have it replayed.", null, commitFailure);
        }
        if (!verifier.committed(xid, commitFailure, async, verifyOn)) {
            throw commitFailure; // verified aborted: the retry loop may replay it
        }
    }

    /**
     * @param broken a connection this data source handed out
     * @return where to ask about its transaction when the data source spans several servers, else null
     */
    DataSource sameServerAs(Connection broken) {
        return dataSource instanceof SameServer hosts ? hosts.sameServerAs(broken) : null;
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        boolean verifiable = canVerify(connection);
        TransactionIds.Recorded xid = verifiable ? record(connection) : null;
        try {
            connection.commit();
        } catch (SQLException commitFailure) {
            if (!classifier.classify(commitFailure).evictsConnection()) {
                throw commitFailure; // the server answered, so it rolled the transaction back
            }
            DataSource verifyOn = sameServerAs(connection);
            try {
                connection.close();
            } catch (SQLException | RuntimeException e) {
                commitFailure.addSuppressed(e);
            }
            afterLostCommit(verifiable, xid, commitFailure, null, verifyOn);
        }
    }
}
