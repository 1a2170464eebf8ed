package dev.ballast.internal.pool;

import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.internal.time.Clock;
import dev.ballast.pool.PoolConfig;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's one housekeeping thread ({@code ballast[<pool>]-maintainer-1}). Every tick (a second, or less when the
 * configured lifetimes or leak threshold are short) it looks at each connection without stopping the pool:
 * <ul>
 *   <li>an idle connection past its lifetime, or from before {@code evictAll()}, is closed;</li>
 *   <li>an idle connection unused for the idle lifetime is closed while the pool is above its minimum;</li>
 *   <li>a connection parked above the automatic sizing's limit for {@link #PARKED_NANOS} is closed;</li>
 *   <li>an idle connection unused for the keepalive interval is validated, and closed if it fails;</li>
 *   <li>a borrowed connection held past the leak threshold is reported once, with the borrower's stack;</li>
 * </ul>
 * then asks the {@link ConnectionCreator} to restore the minimum. Whether a connection is retired is decided by the
 * pool's one {@link Retirement} rule, as on borrow and return. An idle connection is claimed (compare-and-set)
 * before it is touched, so a borrower never gets a connection the maintainer is working on.
 */
final class Maintainer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Maintainer.class);
    private static final long MAX_TICK = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * How long a connection parked above the automatic sizing's concurrency limit stays open (EnablePoolAutoTuning):
     * long enough that the limit's probes one step down and back, and its next probe up after a neighbour's
     * measurements expire (10 s), reuse the same server connection; short enough that a limit that came down for good
     * gives the server its connections back within half a minute.
     */
    static final long PARKED_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Pool pool;
    private final Exchange exchange;
    private final Capacity capacity;
    private final ConnectionCreator creator;
    private final Clock clock;
    private final int min;
    private final Retirement retirement;
    private final long keepalive;
    private final long leakThreshold;
    private final long tick;
    private final Thread thread;

    Maintainer(Pool pool, PoolConfig config, Exchange exchange, Capacity capacity, ConnectionCreator creator,
            Clock clock) {
        this.pool = pool;
        this.exchange = exchange;
        this.capacity = capacity;
        this.creator = creator;
        this.clock = clock;
        this.min = config.minPoolSize();
        this.retirement = pool.retirement;
        this.keepalive = Durations.nanos(config.keepaliveInterval());
        this.leakThreshold = Durations.nanos(config.leakDetectionThreshold());
        this.tick = tick(Durations.nanos(config.connectionLifetime()), Durations.nanos(config.connectionIdleLifetime()),
                keepalive, leakThreshold);
        this.thread = new PoolThreads(config.poolName(), "maintainer").newThread(this);
    }

    static long tick(long... periods) {
        long t = MAX_TICK;
        for (long p : periods) {
            if (p > 0) {
                t = Math.min(t, p / 2);
            }
        }
        return Math.max(MIN_TICK, t);
    }

    void start() {
        thread.start();
    }

    /** Runs a pass soon (after a loss, an eviction, or at shutdown). */
    void wake() {
        LockSupport.unpark(thread);
    }

    /**
     * Stops the thread and waits for it.
     *
     * @param timeoutNanos the longest to wait (a validation in progress ends at its own timeout)
     * @return whether it stopped in time
     */
    boolean stop(long timeoutNanos) {
        thread.interrupt();
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public void run() {
        while (!pool.isClosed()) {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.warn("Pool '{}': maintenance pass failed; continuing", pool.name(), e);
            }
            LockSupport.parkNanos(this, tick);
            Thread.interrupted(); // only close() interrupts, and the loop checks for that; never spin on a stray flag
        }
    }

    /** One maintenance pass. */
    void runOnce() {
        long now = clock.nanoTime();
        int generation = pool.generation();
        for (int i = 0; i < exchange.capacity(); i++) {
            PoolEntry e = exchange.slot(i);
            if (e == null) {
                continue;
            }
            int state = e.state();
            if (state == PoolEntry.IDLE) {
                maintainIdle(e, now, generation);
            } else if (state == PoolEntry.IN_USE && leakThreshold > 0) {
                checkLeak(e, now);
            }
        }
        if (!pool.isClosed()) {
            creator.request();
        }
    }

    private boolean needsAttention(PoolEntry e, long now, int generation) {
        return retire(e, now, generation) != null || keepaliveDue(e, now);
    }

    private boolean keepaliveDue(PoolEntry e, long now) {
        return keepalive > 0 && now - e.lastUsedAt >= keepalive && now - e.checkedAt >= keepalive;
    }

    private ConnectionCloseReason retire(PoolEntry e, long now, int generation) {
        ConnectionCloseReason reason = retirement.reason(e, now, generation, capacity.open() - min);
        if (reason == null && exchange.parked(e) && now - e.lastUsedAt >= PARKED_NANOS) {
            return ConnectionCloseReason.TUNED;
        }
        return reason;
    }

    private void maintainIdle(PoolEntry e, long now, int generation) {
        if (!needsAttention(e, now, generation) || !e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
            return;
        }
        // claimed: decide again, as the entry may have been borrowed and returned between the look and the claim
        ConnectionCloseReason retire = retire(e, now, generation);
        if (retire != null) {
            pool.destroy(e, retire);
        } else if (keepaliveDue(e, now)) {
            if (pool.validate(e)) {
                e.checkedAt = clock.nanoTime();
                exchange.offer(e, e.checkedAt);
            } else {
                pool.destroy(e, ConnectionCloseReason.VALIDATION_FAILED);
            }
        } else {
            exchange.offer(e, now);
        }
    }

    private void checkLeak(PoolEntry e, long now) {
        if (e.leakReported) {
            return;
        }
        long held = now - e.borrowedAt;
        Throwable site = e.borrowSite;
        if (held >= leakThreshold && site != null && e.state() == PoolEntry.IN_USE) {
            e.leakReported = true;
            pool.reportLeak(held, leakThreshold, site);
        }
    }
}
