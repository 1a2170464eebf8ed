package dev.ballast.internal.pool;

import dev.ballast.event.BallastListener;
import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.time.Clock;
import dev.ballast.internal.tuning.ConcurrencyLimit;
import dev.ballast.pool.PoolConfig;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two hot paths of a pool: borrowing and returning.
 *
 * <p><b>Borrow.</b> Unless a waiter has waited past the fairness threshold (with a zero threshold: unless anyone
 * waits), the borrower claims an idle connection from the {@link Exchange} with one compare-and-set (no lock, and no
 * allocation: {@link Pool#getConnection} wraps the entry in its {@link ProxyConnection} handle). A connection idle for
 * over half a second (by the coarse clock: always after 600 ms, never before 400 ms) is validated first, within what
 * is left of the borrower's connection timeout (no borrow outlasts it); one the {@link Retirement} rule retires, or
 * that fails validation, is destroyed and the next tried. Finding none, it looks once more (a virtual thread yields
 * its carrier first; see {@code borrowSlowly}). Otherwise the borrower queues as a {@link Waiter}, asks the
 * {@link ConnectionCreator} for a connection, and parks until it is handed one (or, first in line, is woken to take an
 * idle one), learns that the database is unreachable, or times out.
 *
 * <p><b>Return.</b> On the returning thread: the connection is reset ({@link ConnectionReset}) and offered to the
 * oldest waiter or made idle (see {@link Exchange#offer}), or destroyed if it is broken, expired, evicted or the
 * pool is closed.
 *
 * <p><b>Time.</b> The fast paths read the {@link dev.ballast.internal.time.CoarseClock coarse clock} (a field) unless
 * something needs the precise time: a listener that times how long connections are held (the metrics do), leak
 * detection, the automatic sizing, or a borrower already waiting (the fairness threshold). So a pool without them
 * reads no clock on the fast path, and one with them reads it once per borrow and once per return. Deadlines and
 * reported durations always come from the precise clock. Thread-safe.
 */
final class Checkout {

    private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);
    /** A connection idle longer than this (by the coarse clock on the fast path) is validated before handing it out. */
    static final long ALIVE_BYPASS_NANOS = 500_000_000L;
    /**
     * With automatic sizing on and nothing else timing holds, one borrow in this many of each connection is timed for
     * the tuner's service time (a power of two). Every return still counts toward its throughput. Timing a borrow
     * costs two reads of the precise clock (about 27 ns each on a virtual machine's clock), which on every borrow
     * were three quarters of a pool-only borrow-and-return cycle.
     */
    static final int TUNER_SAMPLE_EVERY = 8;
    private static final int UNUSABLE = 0;
    private static final int USABLE = 1;
    private static final int USABLE_VALIDATED = 2;
    /** The entry needs validating and the borrower has no time left: it was given back. */
    private static final int OUT_OF_TIME = 3;

    private final Pool pool;
    private final String name;
    private final Exchange exchange;
    private final ConnectionCreator creator;
    private final ConnectionReset reset;
    private final Clock clock;
    /** The coarse clock (a field read), or the precise one with a test's clock. */
    private final Clock recent;
    /** Whether each borrow's hold time is measured (see the class comment): the fast paths then read {@link #clock}. */
    private final boolean timesHolds;
    private final BallastListener listener;
    private final long timeoutNanos;
    private final Retirement retirement;
    private final long leakNanos;
    /** The state the fast path claims idle entries into (see {@link #handOut}). */
    private final int claimState;
    private final AtomicLong timeouts = new AtomicLong();
    /** The automatic sizing, or {@code null} with EnablePoolAutoTuning off. */
    private final ConcurrencyLimit tuner;

    Checkout(Pool pool, PoolConfig config, Exchange exchange, ConnectionCreator creator, Clock clock, Clock recent,
            BallastListener listener) {
        this.pool = pool;
        this.name = config.poolName();
        this.exchange = exchange;
        this.creator = creator;
        // behind a transaction-mode bouncer the reset would run on whichever server session the bouncer picks
        this.reset = new ConnectionReset(!config.noResetOnClose()
                && config.pgBouncerPoolMode() != dev.ballast.pool.PgBouncerPoolMode.TRANSACTION);
        this.clock = clock;
        this.listener = listener;
        this.timeoutNanos = Durations.nanos(config.connectionTimeout());
        this.retirement = pool.retirement;
        this.leakNanos = Durations.nanos(config.leakDetectionThreshold());
        this.claimState = leakNanos > 0 ? PoolEntry.RESERVED : PoolEntry.IN_USE;
        this.tuner = pool.tuner();
        this.recent = recent;
        this.timesHolds = leakNanos > 0 || !(listener instanceof ListenerSupport)
                || ((ListenerSupport) listener).timesHolds();
    }

    long timeouts() {
        return timeouts.get();
    }

    // ---------------------------------------------------------------------------------------------- borrowing

    /**
     * Borrows a connection for the caller.
     *
     * @return the entry, handed out: the caller wraps it in a new {@link ProxyConnection} at once (see
     *     {@link Pool#getConnection})
     */
    PoolEntry borrow() throws SQLException {
        if (pool.isClosed()) {
            throw PoolErrors.closed(name);
        }
        if (exchange == null) {
            return borrowUnpooled();
        }
        // the fairness threshold needs the precise time, but only while someone waits (a waiter that queues after
        // this look is younger than any coarse reading, so it is rightly not starving)
        boolean precise = timesHolds || exchange.hasWaiters();
        long start = precise ? clock.nanoTime() : recent.nanoTime();
        if (exchange.mayBarge(start)) {
            PoolEntry e;
            while ((e = exchange.claimIdle(claimState)) != null) {
                if (!precise) {
                    if (start - e.lastUsedAt <= ALIVE_BYPASS_NANOS
                            && retirement.reason(e, start, pool.generation(), 0) == null) {
                        return handOut(e, start, start); // the usual case: used moments ago, a wait of zero
                    }
                    // to be validated or retired: by the precise clock too (it is never behind the coarse one), and
                    // the deadline of what follows must be precise
                    start = clock.nanoTime();
                    precise = true;
                }
                int usable = checkUsable(e, start, start + timeoutNanos);
                if (usable == USABLE) {
                    return handOut(e, start, start);
                }
                if (usable == USABLE_VALIDATED) {
                    return handOut(e, start, clock.nanoTime());
                }
                if (usable == OUT_OF_TIME) {
                    break;
                }
            }
        }
        return borrowSlowly(precise ? start : clock.nanoTime());
    }

    /**
     * Checks an entry the caller owns before handing it out: destroys it if it is retired or fails validation. A
     * validation is bounded by the borrower's deadline (a connection behind a dead link would otherwise take the
     * whole validation timeout, one after another); with no time left the entry is given back unvalidated.
     */
    private int checkUsable(PoolEntry e, long now, long deadline) {
        ConnectionCloseReason retire = retirement.reason(e, now, pool.generation(), 0);
        if (retire != null) {
            pool.destroy(e, retire);
            return UNUSABLE;
        }
        if (now - e.lastUsedAt > ALIVE_BYPASS_NANOS) {
            long budget = deadline - clock.nanoTime(); // fresh: an earlier validation may have used time
            if (budget <= 0) {
                exchange.offer(e, now);
                return OUT_OF_TIME;
            }
            if (!pool.validate(e, budget)) {
                pool.destroy(e, ConnectionCloseReason.VALIDATION_FAILED);
                return UNUSABLE;
            }
            return USABLE_VALIDATED;
        }
        return USABLE;
    }

    /**
     * Hands an entry the caller owns to the borrower. Without leak detection the fast path claims entries straight
     * into {@link PoolEntry#IN_USE}; with it, entries are claimed {@link PoolEntry#RESERVED} and published
     * {@code IN_USE} only after {@code borrowedAt} is written, so that the maintainer never times a borrow from a
     * stale start.
     */
    private PoolEntry handOut(PoolEntry e, long start, long now) {
        e.borrowedAt = now;
        if (tuner != null) {
            e.timed = timesHolds || (++e.borrows & (TUNER_SAMPLE_EVERY - 1)) == 0;
            if (e.timed && !timesHolds) {
                e.borrowedAt = clock.nanoTime(); // `now` may be a coarse reading
            }
        }
        if (leakNanos > 0) {
            e.leakReported = false;
            e.borrowSite = new Throwable("Connection borrowed by thread " + Thread.currentThread().getName());
            e.releaseState(PoolEntry.IN_USE);
        } else if (e.state() != PoolEntry.IN_USE) {
            e.releaseState(PoolEntry.IN_USE);
        }
        listener.connectionBorrowed(now - start);
        return e;
    }

    private PoolEntry borrowSlowly(long start) throws SQLException {
        long deadline = start + timeoutNanos;
        boolean yielded = false;
        for (;;) {
            if (pool.isClosed()) {
                throw PoolErrors.closed(name);
            }
            long enqueuedAt = clock.nanoTime();
            if (enqueuedAt - deadline >= 0) { // validations on the way used up the time
                throw timedOut(start);
            }
            SQLException down = creator.failFastCause(enqueuedAt);
            if (down != null) { // connects fail and no connection is open to come back: fail fast
                throw PoolErrors.unreachable(name, pool.stats(), down);
            }
            if (!yielded) {
                yielded = true;
                // A virtual thread that found nothing idle gives its carrier up once and looks again before queueing:
                // with more virtual threads than carriers, the connections are mostly held by virtual threads that are
                // ready but not mounted, and the yield lets one of them run and return its connection, which is then
                // taken without a park and a wake-up (1,000 virtual threads on a pool of 10: p99.9 wait 0.71-0.83x
                // Vibur fair's with it, 0.96-1.12x without). A platform thread does not: the operating system may
                // keep a yielded thread off the CPU for milliseconds while it is in no queue, outside the fairness
                // threshold's bound (TPC-B, 16 clients on a pool of 10: p99 16 ms with the yield, 7 ms without, for
                // 3-5 % more throughput).
                if (PoolThreads.currentIsVirtual()) {
                    Thread.yield();
                }
                if (exchange.mayBarge(enqueuedAt)) {
                    PoolEntry e = exchange.claimIdle(claimState);
                    if (e != null) {
                        long now = clock.nanoTime();
                        int usable = checkUsable(e, now, deadline);
                        if (usable == USABLE || usable == USABLE_VALIDATED) {
                            return handOut(e, start, clock.nanoTime());
                        }
                        if (usable == OUT_OF_TIME) {
                            throw timedOut(start);
                        }
                    }
                    continue;
                }
            }
            Waiter w = new Waiter(Thread.currentThread(), enqueuedAt);
            Object outcome;
            try {
                exchange.enqueue(w);
                if (pool.isClosed() && w.cancel()) { // queued after close() woke every waiter
                    throw PoolErrors.closed(name);
                }
                creator.request();
                outcome = await(w, deadline);
            } finally {
                exchange.leave(w);
            }
            if (outcome instanceof PoolEntry) {
                PoolEntry e = (PoolEntry) outcome;
                long now = clock.nanoTime();
                int usable = checkUsable(e, now, deadline);
                if (usable == USABLE) {
                    return handOut(e, start, now);
                }
                if (usable == USABLE_VALIDATED) {
                    return handOut(e, start, clock.nanoTime());
                }
                if (usable == OUT_OF_TIME) {
                    throw timedOut(start);
                }
                continue; // the connection handed over was dead: wait again within the same deadline
            }
            if (outcome == Waiter.CANCELLED) {
                throw timedOut(start);
            }
            if (outcome == Pool.closedOutcome()) {
                throw PoolErrors.closed(name);
            }
            ConnectFailure failure = (ConnectFailure) outcome;
            if (failure.at() - enqueuedAt < 0) {
                continue; // a failure from before this waiter queued, swept up by chance: look again
            }
            throw PoolErrors.unreachable(name, pool.stats(), failure.cause());
        }
    }

    private SQLException timedOut(long start) {
        long gaveUp = clock.nanoTime();
        long waited = gaveUp - start;
        timeouts.incrementAndGet();
        listener.borrowTimeout(waited);
        if (tuner != null) {
            tuner.onTimeout(gaveUp);
        }
        return PoolErrors.timeout(name, Durations.millis(waited), pool.stats(), pool.saturated(), creator.lastError());
    }

    private Object await(Waiter w, long deadline) throws SQLException {
        // With tuning on, a waiter also watches for a stall: no connection coming back for the tuner's stall time
        // (Pool#stalled raises the limit if it is what starves this borrower)
        long returnsSeen = tuner == null ? 0 : tuner.returns();
        long watchUntil = tuner == null ? 0 : clock.nanoTime() + tuner.stallNanos(timeoutNanos);
        for (boolean parked = false;; parked = true) {
            if (exchange.tryTake(w)) {
                return w.result();
            }
            if (parked) {
                // Woken, and nothing to take: a running borrower took the connection that woke us, and the opening
                // asked for this waiter may have been called off while that connection looked idle. Ask again (the
                // creator opens one only for a waiter no idle connection or opening covers, and only if there is room)
                // rather than wait for the maintainer's next pass.
                creator.request();
            }
            long now = clock.nanoTime();
            long remaining = deadline - now;
            if (remaining <= 0) {
                if (w.cancel()) {
                    return Waiter.CANCELLED;
                }
                continue;
            }
            long park = remaining;
            if (tuner != null) {
                if (now - watchUntil >= 0) {
                    long returns = tuner.returns();
                    if (returns == returnsSeen) {
                        pool.stalled(now);
                    }
                    returnsSeen = returns;
                    watchUntil = now + tuner.stallNanos(timeoutNanos);
                    continue; // look again: a rise may have freed a parked connection
                }
                park = Math.min(park, watchUntil - now);
            }
            LockSupport.parkNanos(this, park);
            if (Thread.interrupted()) {
                if (w.cancel()) {
                    Thread.currentThread().interrupt();
                    throw PoolErrors.interrupted(name);
                }
                Thread.currentThread().interrupt(); // granted meanwhile: return the connection, keep the flag
            }
        }
    }

    /**
     * With pooling disabled: open a physical connection on the caller's thread, once fewer than MaxPoolSize are open
     * (waiting up to the connection timeout, in arrival order).
     */
    private PoolEntry borrowUnpooled() throws SQLException {
        long start = clock.nanoTime();
        try {
            if (!pool.awaitUnpooledPermit(timeoutNanos)) {
                long waited = clock.nanoTime() - start;
                timeouts.incrementAndGet();
                listener.borrowTimeout(waited);
                // MaxPoolSize connections are open and borrowed: saturation
                throw PoolErrors.timeout(name, Durations.millis(waited), pool.stats(), true, null);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw PoolErrors.interrupted(name);
        }
        PoolEntry e = pool.openUnpooled(start);
        return handOut(e, start, clock.nanoTime());
    }

    // ---------------------------------------------------------------------------------------------- returning

    /** Takes back a connection whose handle was just closed; called once per borrow, on the returning thread. */
    void release(PoolEntry e) {
        SQLException resetError = e.broken ? null : reset.reset(e);
        if (timesHolds || e.timed || exchange == null || exchange.hasWaiters()) {
            takeBack(e, clock.nanoTime(), resetError);
        } else {
            takeBack(e, recent.nanoTime(), resetError); // nothing to time, no one waiting: the coarse clock serves
        }
    }

    private void takeBack(PoolEntry e, long now, SQLException resetError) {
        if (tuner != null) {
            if (e.timed) {
                tuner.onSample(now, now - e.borrowedAt, exchange.waiting());
            } else {
                tuner.onReturn(exchange.waiting());
            }
        }
        if (timesHolds) {
            listener.connectionReturned(now - e.borrowedAt);
            if (leakNanos > 0) {
                e.borrowSite = null;
                if (e.leakReported) {
                    LOG.info("Pool '{}': the connection reported as a suspected leak was returned after {} ms",
                            name, Durations.millis(now - e.borrowedAt));
                }
            }
        }
        ConnectionCloseReason retire = retireReason(e, now, resetError);
        if (retire != null) {
            pool.destroy(e, retire);
            return;
        }
        e.lastUsedAt = now;
        exchange.returnedBy(e);
        exchange.offer(e, now);
    }

    private ConnectionCloseReason retireReason(PoolEntry e, long now, SQLException resetError) {
        if (exchange == null) {
            return ConnectionCloseReason.UNPOOLED;
        }
        if (pool.isClosed()) {
            return ConnectionCloseReason.SHUTDOWN;
        }
        if (e.broken || resetError != null) {
            if (resetError != null) {
                LOG.debug("Pool '{}': destroying a connection that could not be reset: {}", name,
                        resetError.getMessage());
            }
            return ConnectionCloseReason.EVICTED;
        }
        return retirement.reason(e, now, pool.generation(), 0);
    }
}
