package dev.ballast.spring.boot.transaction;

import dev.ballast.resilience.CommitOutcomeUnknownException;
import dev.ballast.resilience.VerifiedCommit;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.JdbcTransactionObjectSupport;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Spring's {@link JdbcTransactionManager} (the one Spring Boot would register) whose COMMIT is Ballast's verified
 * commit ({@link VerifiedCommit}): the transaction id is recorded just before COMMIT, and when the connection is lost
 * during COMMIT the server is asked whether the transaction committed.
 * <ul>
 *   <li>committed: the commit succeeds, as if the answer had arrived;</li>
 *   <li>aborted: the commit fails with the connection failure as the cause, which {@link ResilientTransaction}
 *       replays;</li>
 *   <li>unknown: the commit fails with a {@link TransactionSystemException} caused by
 *       {@link CommitOutcomeUnknownException}, which is never replayed: check the data before retrying.</li>
 * </ul>
 * A read-only transaction is committed plainly; if its answer is lost it is replayed without asking, having
 * changed nothing. A rollback on a connection that is gone (closed, or failing with a connection error, SQLSTATE
 * class 08) succeeds without a word: the server ends the transaction of a lost session itself. So after a COMMIT lost
 * with its connection, Spring's rollback cannot replace the commit's failure, which is what the caller and
 * {@link ResilientTransaction} must see. Everything else is Spring's. Thread-safe once configured.
 */
public class BallastTransactionManager extends JdbcTransactionManager {

    private static final long serialVersionUID = 1L;

    private final transient VerifiedCommit commits;

    /**
     * @param dataSource Ballast's data source ({@code Ballast.dataSource()})
     * @param commits the verified commit of the same Ballast ({@code Ballast.verifiedCommit()})
     */
    public BallastTransactionManager(DataSource dataSource, VerifiedCommit commits) {
        super(dataSource);
        this.commits = Objects.requireNonNull(commits, "commits");
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        Connection connection = connection(status);
        try {
            if (status.isReadOnly()) {
                connection.commit();
            } else {
                commits.commit(connection);
            }
        } catch (CommitOutcomeUnknownException unknown) {
            throw new TransactionSystemException("Could not commit JDBC transaction, and whether it committed is"
                    + " unknown: " + unknown.getMessage(), unknown);
        } catch (SQLException failure) {
            throw translateException("JDBC commit", failure);
        }
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        Connection connection = connection(status);
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException failure) {
            String sqlState = failure.getSQLState();
            if (sqlState == null || !sqlState.startsWith("08")) {
                throw translateException("JDBC rollback", failure);
            }
            // the connection is gone, and the transaction with it: nothing is left to roll back
        }
    }

    private static Connection connection(DefaultTransactionStatus status) {
        return ((JdbcTransactionObjectSupport) status.getTransaction()).getConnectionHolder().getConnection();
    }
}
