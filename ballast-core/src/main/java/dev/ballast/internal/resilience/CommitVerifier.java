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
 * <p><b>After a server restart</b> (its {@code pg_postmaster_start_time()} differs from the one recorded with the
 * transaction id) a transaction id may have been handed out again by crash recovery, so a {@code committed} answer
 * is not trusted: the outcome is reported unknown. {@code aborted} and {@code in progress} answers then mean that
 * our transaction never became durable (a committed transaction's id is never reused), so it is replayed. A crash
 * of one backend that the postmaster survives (an in-place crash recovery) keeps the start time and is not
 * detected this way. Thread-safe.
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
     * @param recorded the transaction's id and the start time of the server that assigned it
     * @param commitFailure how the COMMIT failed
     * @param async the asynchronous call, or null; once it is done (cancelled) verification stops
     * @return true if the transaction committed, false if it aborted
     * @throws CommitOutcomeUnknownException if neither could be established in time (or the thread was interrupted,
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
        boolean restarted = false;
        long deadline = clock.nanoTime() + timeoutNanos;
        long pause = FIRST_PAUSE;
        String status;
        SQLException problem;
        int polls = 0;
        for (;;) {
            polls++;
            status = null;
            problem = null;
            try (Connection connection = dataSource.getConnection()) {
                TransactionIds.Status answer = ids.status(connection, xid);
                status = answer.status();
                restarted = answer.serverStart() != null && recorded.serverStart() != null
                        && !answer.serverStart().equals(recorded.serverStart());
            } catch (SQLException e) {
                problem = e;
            }
            if ("committed".equals(status)) {
                if (!restarted) {
                    return true;
                }
                break; // possibly another transaction's: crash recovery may have reused the id
            }
            if ("aborted".equals(status) || (restarted && "in progress".equals(status))) {
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
        String last = restarted && "committed".equals(status)
                ? "the server restarted since, and after a crash its answer 'committed' may describe another "
                        + "transaction that was given the same id"
                : problem != null ? "the server could not be asked (" + problem.getMessage() + ")"
                : status == null ? "the server no longer knows the transaction" : "it was still '" + status + "'";
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
