package dev.ballast.internal.resilience;

import dev.ballast.internal.topology.ReadRouting;
import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.resilience.ReadOnlyServerException;
import dev.ballast.resilience.SqlFunction;
import dev.ballast.resilience.TransactionOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * One attempt of the connection-based operations: borrow a fresh connection, run the user's function (inside a
 * transaction for {@code inTransaction}), give the connection back. A failure during COMMIT on a lost connection is
 * verified with {@link CommitVerifier} before the retry loop may replay anything. A SQLSTATE 25006 is checked with
 * {@link ReadOnlyServers}: only a read-only server makes it a failover. Auto-commit, when an attempt turned it off,
 * is turned back on before the connection is given back, whatever the outcome (a user's own data source lends the
 * connection again as it is). Thread-safe.
 */
final class ConnectionWork {

    private final DataSource dataSource;
    private final SqlStateClassifier classifier;
    private final VerifiedCommits commits;

    ConnectionWork(ResilienceSettings settings) {
        this.dataSource = settings.dataSource();
        this.classifier = settings.classifier();
        this.commits = new VerifiedCommits(settings);
    }

    Object withConnection(SqlFunction<Connection, ?> fn, AsyncCall<?> async) throws SQLException {
        Connection c = dataSource.getConnection();
        Throwable failure = null;
        try {
            if (async != null) {
                async.attach(c);
            }
            return fn.apply(c);
        } catch (Throwable t) {
            failure = t;
            ReadOnlyServerException readOnly = ReadOnlyServers.check(classifier, c, t);
            if (readOnly != null) {
                failure = readOnly;
                throw readOnly;
            }
            throw t;
        } finally {
            release(c, async, failure);
        }
    }

    Object inTransaction(SqlFunction<Connection, ?> fn, TransactionOptions options, AsyncCall<?> async)
            throws SQLException {
        // With several hosts, read-only work goes to a standby (ReadRouting); each attempt chooses afresh.
        Connection c = options.isReadOnly() && dataSource instanceof ReadRouting reads ? reads.readConnection()
                : dataSource.getConnection();
        Throwable failure = null;
        boolean mayRollBack = false;
        boolean autoCommit = false; // whether this attempt turned auto-commit off, and so must turn it back on
        try {
            if (async != null) {
                async.attach(c);
            }
            if (c.getAutoCommit()) {
                c.setAutoCommit(false);
                autoCommit = true;
            }
            mayRollBack = true;
            String characteristics = setTransaction(options);
            if (characteristics != null) {
                try (Statement s = c.createStatement()) {
                    s.execute(characteristics);
                }
            }
            Object result = fn.apply(c);
            boolean verifiable = !options.isReadOnly() && commits.canVerify(c);
            TransactionIds.Recorded xid = verifiable ? commits.record(c) : null;
            if (async != null) {
                async.checkNotStopped(); // a cancelled call must not commit
            }
            mayRollBack = false;
            try {
                c.commit();
            } catch (SQLException commitFailure) {
                if (!classifier.classify(commitFailure).evictsConnection() || options.isReadOnly()) {
                    throw commitFailure; // the server answered (so it rolled back), or declared read-only work
                }
                Connection broken = c;
                c = null;
                // With several hosts, only the server that ran the transaction can say whether it committed.
                DataSource verifyOn = commits.sameServerAs(broken);
                release(broken, async, commitFailure);
                commits.afterLostCommit(verifiable, xid, commitFailure, async, verifyOn);
                return result; // verified committed
            }
            if (autoCommit) {
                restoreAutoCommit(c);
            }
            return result;
        } catch (Throwable t) {
            failure = t;
            if (c != null) {
                // Turn auto-commit back on only once the transaction has surely ended: switching a connection
                // whose transaction may still be open would commit it.
                boolean ended = mayRollBack ? rollBackQuietly(c) : !classifier.classify(t).evictsConnection();
                if (ended && autoCommit) {
                    restoreAutoCommit(c);
                }
                ReadOnlyServerException readOnly = ended ? ReadOnlyServers.check(classifier, c, t) : null;
                if (readOnly != null) {
                    failure = readOnly;
                    throw readOnly;
                }
            }
            throw t;
        } finally {
            if (c != null) {
                release(c, async, failure);
            }
        }
    }

    private static String setTransaction(TransactionOptions options) {
        boolean ro = options.isReadOnly();
        switch (options.isolation()) {
            case Connection.TRANSACTION_SERIALIZABLE:
                return ro ? "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY"
                        : "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE";
            case Connection.TRANSACTION_REPEATABLE_READ:
                return ro ? "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                        : "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
            case Connection.TRANSACTION_READ_COMMITTED:
                return ro ? "SET TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY"
                        : "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
            case Connection.TRANSACTION_READ_UNCOMMITTED:
                return ro ? "SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED, READ ONLY"
                        : "SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED";
            default:
                return ro ? "SET TRANSACTION READ ONLY" : null;
        }
    }

    /** @return whether the rollback succeeded */
    private static boolean rollBackQuietly(Connection c) {
        try {
            c.rollback();
            return true;
        } catch (SQLException | RuntimeException ignored) {
            return false; // the connection is probably broken; the server rolls back when the session ends
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException ignored) {
            // The transaction has ended: a failure here must not fail (and replay) the work. Ballast's pool resets
            // the state anyway; a foreign data source gets a connection that is probably broken.
        }
    }

    private static void release(Connection c, AsyncCall<?> async, Throwable failure) {
        if (async != null) {
            async.detach(c);
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            if (failure != null && failure != e) {
                failure.addSuppressed(e);
            }
        }
    }
}
