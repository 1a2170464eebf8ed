package dev.ballast.internal.resilience;

import dev.ballast.event.BallastListener;
import dev.ballast.postgres.FailureClass;
import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.resilience.CircuitOpenException;
import dev.ballast.resilience.TransactionOptions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The engine: retry outside, circuit breaker inside. Each attempt asks the breaker for a permit, runs, reports its
 * outcome to the breaker exactly once and to the listener; a transient failure is retried after a backoff while the
 * budget lasts: a synchronous call waits on its thread, an {@link AsyncCall} schedules its next attempt. The success
 * path allocates nothing and takes no lock. Thread-safe.
 */
final class RetryLoop {

    /** SQLSTATE of the failure thrown when an interrupt or a cancellation stops retrying: query_canceled. */
    static final String CANCELED = "57014";

    private final CircuitBreaker breaker;
    private final SqlStateClassifier classifier;
    private final Backoff backoff;
    private final int retryCount;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final BallastListener listener;
    private final ConnectionWork work;

    RetryLoop(ResilienceSettings settings, CircuitBreaker breaker, ConnectionWork work) {
        this.breaker = breaker;
        this.classifier = settings.classifier();
        this.backoff = new Backoff(settings.retry());
        this.retryCount = settings.retry().retryCount();
        this.sleeper = settings.sleeper();
        this.random = settings.random();
        this.listener = settings.listeners();
        this.work = work;
    }

    /** @return the connection handling that connection-based attempts run through */
    ConnectionWork work() {
        return work;
    }

    /**
     * Runs a synchronous call: attempts, and backoff waits on the calling thread.
     *
     * @param op what each attempt does
     * @param fn the user's function
     * @param options transaction options, or null
     * @param <T> the result type
     * @return the first successful attempt's result
     * @throws SQLException the last attempt's failure, a rejection, or the interruption of a backoff wait
     */
    @SuppressWarnings("unchecked")
    <T> T run(Operation op, Object fn, TransactionOptions options) throws SQLException {
        Throwable last = null;
        for (int attempt = 1; ; attempt++) {
            long permit = acquire(last);
            Object result;
            try {
                result = op.attempt(work, fn, options, null);
            } catch (Throwable failure) {
                last = failure;
                long delay = failed(op, attempt, permit, failure, null);
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw stopped("interrupted", op, attempt, failure, e);
                }
                continue;
            }
            succeeded(op, attempt, permit);
            return (T) result;
        }
    }

    /**
     * Asks the breaker for an attempt.
     *
     * @param last the previous attempt's failure, or null; attached to a rejection
     * @return the permit to report the attempt's outcome with
     * @throws CircuitOpenException if the breaker rejects the attempt
     */
    long acquire(Throwable last) throws CircuitOpenException {
        try {
            return breaker.acquire();
        } catch (CircuitOpenException rejected) {
            if (last != null) {
                rejected.addSuppressed(last);
            }
            throw rejected;
        }
    }

    /** Reports a successful attempt. */
    void succeeded(Operation op, int attempt, long permit) {
        listener.attemptFinished(op.label, attempt, null);
        breaker.onSuccess(permit);
    }

    /**
     * Reports a failed attempt and decides whether another follows.
     *
     * @param async the asynchronous call, or null; once it is done (stopped) nothing is retried
     * @return how long to wait before the next attempt, in nanoseconds
     * @throws SQLException the failure itself if it is not retried (or the budget is spent), a rejection if the
     *     circuit would still be open after the wait, or a query_canceled failure if the call was stopped
     */
    long failed(Operation op, int attempt, long permit, Throwable failure, AsyncCall<?> async) throws SQLException {
        FailureClass failureClass = classifier.classify(failure);
        listener.attemptFinished(op.label, attempt, failure);
        // An attempt of a call that was stopped (cancelled, timed out) failed because of the stop — a cancelled
        // statement, an aborted connection — which says nothing about the database: not counted.
        boolean stopped = async != null && async.isDone();
        breaker.onFailure(permit, failureClass.countsForBreaker() && !stopped);
        if (!failureClass.retry() || attempt > retryCount) {
            throw rethrow(failure);
        }
        if (stopped) {
            throw stopped("cancelled", op, attempt, failure, null);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw stopped("interrupted", op, attempt, failure, null);
        }
        long delay = backoff.delayNanos(attempt, random.getAsDouble());
        try {
            breaker.rejectIfStillOpenAfter(delay);
        } catch (CircuitOpenException rejected) {
            rejected.addSuppressed(failure);
            throw rejected;
        }
        listener.retryScheduled(op.label, attempt, Duration.ofNanos(delay), sqlCause(failure));
        return delay;
    }

    private static SQLException stopped(String why, Operation op, int attempt, Throwable last,
            InterruptedException interrupt) {
        SQLException e = new SQLException(
                op.label + " " + why + " while waiting to retry after attempt " + attempt + "; not retrying",
                CANCELED, last);
        if (interrupt != null) {
            e.addSuppressed(interrupt);
        }
        return e;
    }

    private static SQLException sqlCause(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof SQLException) {
                return (SQLException) t;
            }
        }
        return new SQLException(failure.toString(), failure);
    }

    /** Throws an attempt's failure as is when it can be, otherwise wrapped. */
    static SQLException rethrow(Throwable failure) {
        if (failure instanceof SQLException) {
            return (SQLException) failure;
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return new SQLException(failure.toString(), failure);
    }
}
