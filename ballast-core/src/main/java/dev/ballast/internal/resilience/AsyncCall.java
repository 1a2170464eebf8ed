package dev.ballast.internal.resilience;

import dev.ballast.resilience.TransactionOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An asynchronous resilience call: the future handed to the caller and the task that runs the retry loop.
 *
 * <p>When the future is completed by anyone but the task ({@code cancel}, {@code complete}, {@code orTimeout}) the
 * call <em>stops</em>: no further attempt starts, the statement running on the attempt's connection (if the
 * operation has one) is cancelled on the server with {@link PGConnection#cancelQuery()} (on the executor, so that
 * {@code cancel} returns at once), and {@code cancel(true)} interrupts the thread running the attempt. The interrupt
 * is confined to this call, as {@link java.util.concurrent.FutureTask} does it: the task clears it before it
 * returns its thread. The connection is handed back only after a server-side cancel aimed at it has finished, so a
 * cancel can never hit the connection's next borrower.
 *
 * @param <T> the result type
 */
final class AsyncCall<T> extends CompletableFuture<T> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncCall.class);

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;
    private static final int FINISHED = 4;
    private static final Object CANCELLING = new Object();

    private final RetryLoop loop;
    private final Operation op;
    private final Object fn;
    private final TransactionOptions options;
    private final Executor executor;
    private final AtomicInteger runState = new AtomicInteger(NEW);
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** null, the current attempt's connection, or {@link #CANCELLING} while a server-side cancel is in flight. */
    private final AtomicReference<Object> connection = new AtomicReference<>();
    private final CountDownLatch cancelFinished = new CountDownLatch(1);
    private volatile Thread runner;

    AsyncCall(RetryLoop loop, Operation op, Object fn, TransactionOptions options, Executor executor) {
        this.loop = loop;
        this.op = op;
        this.fn = fn;
        this.options = options;
        this.executor = executor;
    }

    /** Submits this call to its executor; a rejection fails the future. */
    AsyncCall<T> start() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            super.completeExceptionally(new SQLException("The resilience executor rejected the "
                    + op.label + " call", RetryLoop.CANCELED, e));
        }
        return this;
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        if (!runState.compareAndSet(NEW, RUNNING)) {
            runner = null;
            return;
        }
        try {
            if (!isDone()) {
                T result = loop.run(op, fn, options, this);
                super.complete(result);
            }
        } catch (Throwable t) {
            super.completeExceptionally(t);
        } finally {
            finishRun();
        }
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
     * Unregisters the attempt's connection before it is closed, waiting for a cancel aimed at it to finish.
     *
     * @param c the attempt's connection
     */
    void detach(Connection c) {
        if (connection.compareAndSet(c, null) || connection.get() != CANCELLING) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                cancelFinished.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop(boolean interrupt) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Object current = connection.get();
        if (current instanceof Connection && connection.compareAndSet(current, CANCELLING)) {
            Runnable cancel = () -> cancelStatement((Connection) current);
            try {
                executor.execute(cancel);
            } catch (RejectedExecutionException e) {
                cancel.run();
            }
        }
        if (interrupt && runState.compareAndSet(RUNNING, INTERRUPTING)) {
            Thread t = runner;
            if (t != null) {
                t.interrupt();
            }
            runState.set(INTERRUPTED);
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
            LOG.debug("Cancelling the running statement of a cancelled {} call failed", op.label, e);
        } finally {
            cancelFinished.countDown();
        }
    }

    private void finishRun() {
        for (;;) {
            int s = runState.get();
            if (s == RUNNING && runState.compareAndSet(RUNNING, FINISHED)) {
                break;
            }
            if (s == INTERRUPTED) {
                Thread.interrupted(); // the interrupt was meant for this call only
                runState.set(FINISHED);
                break;
            }
            Thread.onSpinWait(); // INTERRUPTING: the canceller is about to interrupt us
        }
        runner = null;
    }
}
