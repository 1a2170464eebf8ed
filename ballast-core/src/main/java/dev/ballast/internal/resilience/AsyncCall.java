package dev.ballast.internal.resilience;

import dev.ballast.resilience.CircuitOpenException;
import dev.ballast.resilience.TransactionOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An asynchronous resilience call: the future handed to the caller, and the task that runs its attempts. Each
 * attempt is one run of the task on the executor; a retry's backoff is a scheduled hand-over of the next run (see
 * {@link Sleeper#schedule}), so no thread waits for time.
 *
 * <p>When the future is completed by anyone but the task ({@code cancel}, {@code complete}, {@code orTimeout}) the
 * call <em>stops</em>: no further attempt starts, and the statement running on the attempt's connection (if the
 * operation has one) is cancelled on the server with {@link PGConnection#cancelQuery()}. The cancel runs on a
 * separate canceller executor, never on the calls' executor, so that it cannot queue behind the work it cancels,
 * and {@code cancel} returns at once. If the attempt still holds its connection {@value #ABORT_GRACE_MILLIS} ms after
 * the stop (the server could not be reached, or the work ignores the cancel), the connection is aborted, which
 * breaks the blocked read and makes a pool destroy it: a stopped call gives its connection back promptly whatever
 * the network does. {@code cancel(true)} also interrupts the thread running the attempt; the interrupt is confined to
 * this call, as {@link java.util.concurrent.FutureTask} does it: the task clears it before it returns its thread. The
 * connection is handed back only after a server-side cancel aimed at it has finished (or after it was aborted), so
 * a cancel can never hit the connection's next borrower.
 *
 * @param <T> the result type
 */
final class AsyncCall<T> extends CompletableFuture<T> implements Runnable {

    /** How long a stopped attempt may keep its connection before it is aborted, in milliseconds. */
    static final long ABORT_GRACE_MILLIS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(AsyncCall.class);
    private static final long ABORT_GRACE = TimeUnit.MILLISECONDS.toNanos(ABORT_GRACE_MILLIS);

    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;
    private static final long DONE = -1;
    /** A server-side cancel was sent; the attempt still holds the connection. */
    private static final Object CANCELLING = new Object();
    /** The connection is being (or was) aborted. */
    private static final Object ABORTING = new Object();

    private final RetryLoop loop;
    private final Operation op;
    private final Object fn;
    private final TransactionOptions options;
    private final Executor executor;
    private final Executor canceller;
    private final Sleeper sleeper;
    private final AtomicInteger runState = new AtomicInteger(IDLE);
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** null, the current attempt's connection, {@link #CANCELLING} or {@link #ABORTING}. */
    private final AtomicReference<Object> connection = new AtomicReference<>();
    /** Released when the server-side cancel has finished or the connection has been aborted. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private final CountDownLatch aborted = new CountDownLatch(1);
    private volatile Thread runner;
    /** Attempts so far and the last failure: touched by one run at a time, handed over by the executor. */
    private int attempt;
    private Throwable last;

    AsyncCall(RetryLoop loop, Operation op, Object fn, TransactionOptions options, Executor executor,
            Executor canceller, Sleeper sleeper) {
        this.loop = loop;
        this.op = op;
        this.fn = fn;
        this.options = options;
        this.executor = executor;
        this.canceller = canceller;
        this.sleeper = sleeper;
    }

    /** Submits the first attempt to the executor; a rejection fails the future. */
    AsyncCall<T> start() {
        submit();
        return this;
    }

    private void submit() {
        if (isDone()) {
            return;
        }
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            SQLException rejected = new SQLException("The resilience executor rejected the " + op.label + " call"
                    + (attempt > 0 ? " before attempt " + (attempt + 1) : ""), RetryLoop.CANCELED, e);
            if (last != null) {
                rejected.addSuppressed(last);
            }
            super.completeExceptionally(rejected);
        }
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        if (!runState.compareAndSet(IDLE, RUNNING)) {
            return; // never happens: one run at a time is submitted
        }
        long next = DONE;
        try {
            if (!isDone()) {
                next = attemptOnce();
            }
        } catch (Throwable t) {
            super.completeExceptionally(t);
        } finally {
            finishRun();
        }
        if (next != DONE) {
            sleeper.schedule(next, this::submit); // after finishRun: the next run may start on another thread
        }
    }

    /** @return the backoff before the next attempt in nanoseconds, or {@link #DONE} once the future is complete */
    @SuppressWarnings("unchecked")
    private long attemptOnce() {
        int n = ++attempt;
        long permit;
        try {
            permit = loop.acquire(last);
        } catch (CircuitOpenException rejected) {
            super.completeExceptionally(rejected);
            return DONE;
        }
        Object result;
        try {
            result = op.attempt(loop.work(), fn, options, this);
        } catch (Throwable failure) {
            last = failure;
            try {
                return loop.failed(op, n, permit, failure, this);
            } catch (Throwable end) {
                super.completeExceptionally(end);
                return DONE;
            }
        }
        loop.succeeded(op, n, permit);
        super.complete((T) result);
        return DONE;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (isCancelled()) {
            stop(mayInterruptIfRunning);
        }
        return cancelled;
    }

    @Override
    public boolean complete(T value) {
        boolean completed = super.complete(value);
        if (completed) {
            stop(false);
        }
        return completed;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        boolean completed = super.completeExceptionally(ex);
        if (completed) {
            stop(false);
        }
        return completed;
    }

    /**
     * Registers the connection of the attempt now running, so a stop can cancel its statement.
     *
     * @param c the attempt's connection
     * @throws SQLException (query_canceled) if the call was already stopped
     */
    void attach(Connection c) throws SQLException {
        connection.set(c);
        if (isDone()) {
            connection.compareAndSet(c, null); // unless a stop has taken it: then detach waits for its cancel
            throw new SQLException(op.label + " was cancelled", RetryLoop.CANCELED);
        }
    }

    /**
     * @throws SQLException (query_canceled) if the call has been stopped
     */
    void checkNotStopped() throws SQLException {
        if (isDone()) {
            throw new SQLException(op.label + " was cancelled", RetryLoop.CANCELED);
        }
    }

    /**
     * Unregisters the attempt's connection before it is closed, waiting for a cancel aimed at it to finish (or for
     * its abort, at most {@value #ABORT_GRACE_MILLIS} ms after the stop).
     *
     * @param c the attempt's connection
     */
    void detach(Connection c) {
        if (connection.compareAndSet(c, null) || connection.get() == null) {
            return;
        }
        awaitUninterruptibly(settled);
        if (!connection.compareAndSet(CANCELLING, null)) {
            awaitUninterruptibly(aborted); // the abort claimed it first: let it finish before the close
        }
    }

    private void stop(boolean interrupt) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Object current = connection.get();
        if (current instanceof Connection && connection.compareAndSet(current, CANCELLING)) {
            Connection c = (Connection) current;
            onCanceller(() -> cancelStatement(c));
            // a safety net in real time, like a socket timeout: the network's time, not the engine's clock
            CompletableFuture.delayedExecutor(ABORT_GRACE, TimeUnit.NANOSECONDS, canceller)
                    .execute(() -> abortIfStillHeld(c));
        }
        if (interrupt && runState.compareAndSet(RUNNING, INTERRUPTING)) {
            Thread t = runner;
            if (t != null) {
                t.interrupt();
            }
            runState.set(INTERRUPTED);
        }
    }

    private void onCanceller(Runnable task) {
        try {
            canceller.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private void cancelStatement(Connection c) {
        try {
            if (c.isWrapperFor(PGConnection.class)) {
                c.unwrap(PGConnection.class).cancelQuery();
            } else {
                c.abort(Runnable::run);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Cancelling the running statement of a stopped {} call failed", op.label, e);
        } finally {
            settled.countDown();
        }
    }

    private void abortIfStillHeld(Connection c) {
        if (!connection.compareAndSet(CANCELLING, ABORTING)) {
            return; // the attempt gave its connection back in time
        }
        LOG.debug("A stopped {} call still held its connection {} ms after the stop: aborting the connection",
                op.label, ABORT_GRACE_MILLIS);
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Aborting the connection of a stopped {} call failed", op.label, e);
        } finally {
            aborted.countDown();
            settled.countDown();
        }
    }

    private void finishRun() {
        for (;;) {
            int s = runState.get();
            if (s == RUNNING && runState.compareAndSet(RUNNING, IDLE)) {
                break;
            }
            if (s == INTERRUPTED) {
                Thread.interrupted(); // the interrupt was meant for this call only
                runState.set(IDLE);
                break;
            }
            Thread.onSpinWait(); // INTERRUPTING: the canceller is about to interrupt us
        }
        runner = null;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
