package dev.ballast.internal.pool;

import dev.ballast.event.BallastListener;
import dev.ballast.internal.time.Clock;
import dev.ballast.pool.PoolConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens physical connections in the background, on at most {@code maxConcurrentConnects} threads (created on demand,
 * gone after 10 s idle), so that a slow or hanging connect never blocks a borrower or holds a lock. A request is
 * made whenever a borrower starts waiting, a connection is destroyed, or the maintainer finds the pool below its
 * minimum; {@link Capacity} turns requests into at most as many openings as are wanted and fit under the maximum.
 *
 * <p><b>Outage behaviour.</b> After a failed attempt the creator backs off: the next attempt waits
 * {@code connectBackoff}, doubling per consecutive failure up to {@code maxConnectBackoff} (each jittered down by up
 * to 20%). A failure while no connection is open (none can come back) fails every current waiter at once with the
 * connect error as cause, and until the backoff ends {@link #failFastCause(long)} tells new borrowers to fail at once
 * too. A failure while connections are open (a full server: 53300, a role's connection limit) leaves waiters in line
 * for the borrowed connections to come back. The first success ends the outage.
 */
final class ConnectionCreator {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCreator.class);

    private final Pool pool;
    private final Connector connector;
    private final Clock clock;
    private final BallastListener listener;
    private final Capacity capacity;
    private final int min;
    private final long initialBackoff;
    private final long maxBackoff;
    private final ThreadPoolExecutor executor;
    private final Runnable task = this::createOne;
    private final AtomicLong failures = new AtomicLong();
    private volatile long backoffNanos;
    private volatile long backoffUntil;
    private volatile SQLException lastError;

    ConnectionCreator(Pool pool, PoolConfig config, Connector connector, Capacity capacity, Clock clock,
            BallastListener listener) {
        this.pool = pool;
        this.connector = connector;
        this.capacity = capacity;
        this.clock = clock;
        this.listener = listener;
        this.min = config.minPoolSize();
        this.initialBackoff = Durations.nanos(config.connectBackoff());
        this.maxBackoff = Durations.nanos(config.maxConnectBackoff());
        int threads = config.maxConcurrentConnects();
        this.executor = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new PoolThreads(config.poolName(), "connector"));
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** Starts as many connection openings as the pool wants now (waiters not yet covered, or the minimum). */
    void request() {
        while (!pool.isClosed() && capacity.hasRoom() && capacity.reserveIfWanted(pool.waiting(), min)) {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) { // shutting down
                capacity.abandoned();
                return;
            }
        }
    }

    /**
     * @param now the clock's current reading
     * @return the last connect error while the pool is backing off after it and no connection is open (none can
     *     come back to serve a waiter), else {@code null}
     */
    SQLException failFastCause(long now) {
        SQLException e = lastError;
        return e != null && backoffUntil - now > 0 && capacity.open() == 0 ? e : null;
    }

    /** @return the last connect error since the last successful connect, or {@code null} */
    SQLException lastError() {
        return lastError;
    }

    long failures() {
        return failures.get();
    }

    private void createOne() {
        boolean settled = false;
        try {
            if (!awaitBackoff() || pool.isClosed() || !capacity.stillWanted(pool.waiting(), min)) {
                return;
            }
            listener.connectionOpening();
            long start = clock.nanoTime();
            Connection c;
            try {
                c = connector.connect();
            } catch (SQLException e) {
                failed(e, start); // backoff and failed waiters first, so nobody re-requests for them meanwhile
                return;
            }
            long now = clock.nanoTime();
            succeeded();
            settled = true;
            try {
                pool.adopt(c, now, now - start);
            } finally {
                capacity.opened(); // after the hand-off, so that start() sees the minimum ready to borrow
                pool.wakeLifecycleWaiter();
            }
            // A borrower that queued between the hand-off and opened() saw this opening still in flight and asked
            // for nothing more; look again now that it is settled, or that borrower waits out its whole timeout.
            request();
        } finally {
            if (!settled) {
                capacity.abandoned();
            }
        }
    }

    private boolean awaitBackoff() {
        for (;;) {
            if (pool.isClosed()) {
                return false;
            }
            long wait = backoffUntil - clock.nanoTime();
            if (wait <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, wait);
            if (Thread.interrupted()) {
                return false;
            }
        }
    }

    private void failed(SQLException e, long start) {
        long now = clock.nanoTime();
        failures.incrementAndGet();
        long previous = backoffNanos;
        long next = previous == 0 ? initialBackoff : Math.min(maxBackoff, previous * 2);
        backoffNanos = next;
        lastError = e;
        backoffUntil = now + next - (long) (next * 0.2 * ThreadLocalRandom.current().nextDouble());
        listener.connectionFailed(now - start, e);
        if (previous == 0) {
            LOG.warn("Pool '{}' cannot open a connection: {} (SQLSTATE {}); retrying with backoff, and borrowers "
                    + "that find no idle connection fail fast meanwhile", pool.name(), e.getMessage(), e.getSQLState());
        } else {
            LOG.debug("Pool '{}' still cannot open a connection: {}", pool.name(), e.getMessage());
        }
        pool.onConnectFailure(e, now);
    }

    private void succeeded() {
        if (lastError != null || backoffNanos != 0) {
            LOG.info("Pool '{}' opened a connection again after {} failed attempt(s)", pool.name(), failures.get());
            lastError = null;
            backoffNanos = 0;
            backoffUntil = clock.nanoTime();
        }
    }

    /**
     * Stops the threads, interrupting any backoff wait, and waits for them (a connect in progress ends at its own
     * timeout).
     *
     * @param timeoutNanos the longest to wait
     * @return whether every thread ended in time
     */
    boolean shutdown(long timeoutNanos) {
        executor.shutdownNow();
        try {
            return executor.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
