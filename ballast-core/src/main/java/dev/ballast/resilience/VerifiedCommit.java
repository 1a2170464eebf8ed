package dev.ballast.resilience;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Commits a transaction that a framework runs itself on a connection from Ballast's pool — Spring's transaction
 * manager, for one — the way {@link DatabaseResilience#inTransaction(SqlFunction)} commits: the transaction id (and
 * the identity of the server that assigned it) is recorded just before {@code COMMIT}, and when the connection is
 * lost during {@code COMMIT}, so that its answer never arrived, the server is asked on a new connection whether the
 * transaction committed. It never replays anything itself; it tells the caller which case it is in, so that a retry
 * layer outside the transaction can decide. Obtained from {@link dev.ballast.Ballast#verifiedCommit()}.
 * Thread-safe.
 */
public interface VerifiedCommit {

    /**
     * Commits the transaction open on {@code connection} (auto-commit off).
     *
     * <ul>
     *   <li>Committed — the server answered, or verification found it committed after the answer was lost:
     *       returns normally.</li>
     *   <li>Surely not committed — the server answered with an error (it rolled the transaction back), or
     *       verification found it aborted: throws that {@code COMMIT} failure, which a retry may replay as a
     *       whole.</li>
     *   <li>Unknown — verification could not establish the outcome within the verification bound, another server
     *       or incarnation answered, the server is older than PostgreSQL 10, or the transaction had no id before
     *       {@code COMMIT}: throws {@link CommitOutcomeUnknownException}, which is never retried.</li>
     * </ul>
     *
     * <p>When the answer is lost, {@code connection} is closed (it is broken; closing gives its pool slot back)
     * before verification borrows another connection; closing it again afterwards is harmless.
     *
     * @param connection a connection from this Ballast's data source, inside a transaction
     * @throws SQLException the {@code COMMIT} failure when the transaction surely did not commit, or a failure
     *     reading the transaction id before {@code COMMIT} (then nothing was committed)
     * @throws CommitOutcomeUnknownException when whether it committed cannot be established
     */
    void commit(Connection connection) throws SQLException;
}
