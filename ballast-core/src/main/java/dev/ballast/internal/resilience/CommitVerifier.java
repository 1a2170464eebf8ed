package dev.ballast.internal.resilience;

import dev.ballast.internal.time.Clock;
import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.resilience.CommitOutcomeUnknownException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Finds out whether a transaction whose COMMIT failed on a lost connection committed, by asking a new connection
 * for its status. Asks again (50 ms, doubling, at most 1 s apart) while the answer is {@code in progress} (the
 * server may not have noticed the dead client yet, or may still be running commit-time triggers) or the server
 * cannot be reached, until the verification timeout.
 *
 * <p><b>Only the same server incarnation is asked</b> (DESIGN §4a). Every answer comes with the identity of the
 * server that gave it ({@link TransactionIds.Server}); if it is not the one recorded with the transaction id —
 * another cluster behind the same address, another timeline (a promoted replica), or the same server restarted,
 * in place after a backend crash or fully — the outcome is unknown whatever the answer: {@code committed} may be
 * another transaction's (ids are handed out again after a crash), {@code aborted} or {@code in progress} may be a
 * server that never saw ours. Never a guess, never a replay. Thread-safe.
 */
final class CommitVerifier {

    private static final long FIRST_PAUSE = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long LONGEST_PAUSE = TimeUnit.SECONDS.toNanos(1);

    private final DataSource dataSource;
    private final TransactionIds ids;
    private final SqlStateClassifier classifier;
    private final Clock clock;
    private final Sleeper sleeper;
    private final long timeoutNanos;

    CommitVerifier(ResilienceSettings settings, TransactionIds ids) {
        this.dataSource = settings.dataSource();
        this.ids = ids;
        this.classifier = settings.classifier();
        this.clock = settings.clock();
        this.sleeper = settings.sleeper();
        this.timeoutNanos = settings.commitVerificationTimeout().toNanos();
    }

    /**
     * @param recorded the transaction's id and the server that assigned it
     * @param commitFailure how the COMMIT failed
     * @param async the asynchronous call, or null; once it is done (cancelled) verification stops
     * @return true if the transaction committed, false if it aborted
     * @throws CommitOutcomeUnknownException if neither could be established in time, or another server or
     *     incarnation answered (or the thread was interrupted,
     *     whose flag then stays set)
     */
    boolean committed(TransactionIds.Recorded recorded, SQLException commitFailure, AsyncCall<?> async)
            throws CommitOutcomeUnknownException {
        return committed(recorded, commitFailure, async, null);
    }

    /**
     * As {@link #committed(TransactionIds.Recorded, SQLException, AsyncCall)}, asking {@code server} (the host that
     * ran the transaction, when there are several) instead of the configured data source.
     *
     * @param recorded the transaction's id and the start time of the server that assigned it
     * @param commitFailure how the COMMIT failed
     * @param async the asynchronous call, or null
     * @param server where to ask, or null for the configured data source
     * @return true if the transaction committed, false if it aborted
     * @throws CommitOutcomeUnknownException if neither could be established in time
     */
    boolean committed(TransactionIds.Recorded recorded, SQLException commitFailure, AsyncCall<?> async,
            DataSource server) throws CommitOutcomeUnknownException {
        DataSource dataSource = server != null ? server : this.dataSource;
        String xid = recorded.xid();
        long deadline = clock.nanoTime() + timeoutNanos;
        long pause = FIRST_PAUSE;
        String status;
        String otherServer;
        SQLException problem;
        int polls = 0;
        for (;;) {
            polls++;
            status = null;
            otherServer = null;
            problem = null;
            try (Connection connection = dataSource.getConnection()) {
                TransactionIds.Status answer = ids.status(connection, xid);
                status = answer.status();
                otherServer = recorded.server().difference(answer.server());
            } catch (SQLException e) {
                problem = e;
            }
            if (otherServer != null) {
                break;
            }
            if ("committed".equals(status)) {
                return true;
            }
            if ("aborted".equals(status)) {
                return false;
            }
            boolean worthAsking = "in progress".equals(status) || (problem != null && classifier.isTransient(problem));
            long remaining = deadline - clock.nanoTime();
            if (!worthAsking || remaining <= 0 || (async != null && async.isDone())) {
                break;
            }
            try {
                sleeper.sleep(Math.min(pause, remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE);
        }
        String plain = TransactionIds.NOT_ASSIGNED.equals(status) ? "it has not handed that transaction id out"
                : status == null ? "the server no longer knows the transaction" : null;
        String last = otherServer != null ? (plain != null ? plain : "it answered '" + status + "'") + ", but "
                + otherServer
                : problem != null ? "the server could not be asked (" + problem.getMessage() + ")"
                : plain != null ? plain : "it was still '" + status + "'";
        CommitOutcomeUnknownException unknown = new CommitOutcomeUnknownException("COMMIT of transaction " + xid
                + " failed (" + commitFailure.getMessage() + ") and whether it committed could not be determined"
                + " after " + polls + " status checks within " + Duration.ofNanos(timeoutNanos) + ": " + last
                + ". It was not replayed; check the data before retrying.", xid, commitFailure);
        if (problem != null) {
            unknown.addSuppressed(problem);
        }
        return thrown(unknown);
    }

    private static boolean thrown(CommitOutcomeUnknownException e) throws CommitOutcomeUnknownException {
        throw e;
    }
}
