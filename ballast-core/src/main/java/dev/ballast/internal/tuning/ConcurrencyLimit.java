package dev.ballast.internal.tuning;

import dev.ballast.event.PoolTuning;
import dev.ballast.event.PoolTuning.Reason;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The automatic pool-sizing algorithm: a concurrency limit between MinPoolSize and MaxPoolSize, moved one step at a
 * time to the size where throughput stops rising and service time starts to.
 *
 * <p><b>How.</b> Each returned connection is a sample (its service time: how long the borrower held it, queueing in the
 * pool excluded); each window of at least {@link TuningSettings#windowNanos()} and
 * {@link TuningSettings#minSamples()} returns is one measurement of throughput and mean service time <em>at the limit
 * in force</em>, kept per limit value. Only windows in which borrowers queued count (otherwise the limit did not
 * bind), and the first window after a change is discarded (connections were opening or closing). A decision compares
 * the current limit with its neighbours one step up and one step down:
 * <ul>
 *   <li>up if the step up measured more throughput beyond the tolerance <em>and</em> service time that grew less than
 *       the concurrency did (otherwise the extra connections only queue inside the server);</li>
 *   <li>down if the step down measured as much throughput within the tolerance, or the current service time has grown
 *       at least in proportion to the concurrency;</li>
 *   <li>a neighbour with no fresh measurement is probed (one step, alternating up and down; up first after borrow
 *       timeouts);</li>
 *   <li>otherwise the limit stays: it is at the knee.</li>
 * </ul>
 *
 * <p><b>Faults of the known designs, avoided.</b> Ties go down, and going up needs a measured gain, so modest overload
 * (queueing, even timeouts) cannot ratchet the limit upward (Gradient2's and grow-on-timeout's drift). There is no
 * remembered no-load latency to go stale (Vegas): measurements expire after {@link TuningSettings#staleNanos()} and
 * are re-taken one step from where the limit is, never by pinning concurrency to the minimum to re-measure. The server
 * refusing connections as full (53300) lowers the limit at once and caps it for {@link TuningSettings#serverFullNanos()}.
 *
 * <p><b>Time</b> is an argument of every call (nanoseconds of one monotonic clock): no clock is read here.
 *
 * <p><b>Thread-safety.</b> The {@code on*} methods may be called from any number of threads at once; they add to
 * striped counters, and the one that finds the window due closes it under a {@code tryLock} (others never wait).
 * {@link #limit()} is a volatile read.
 */
public final class ConcurrencyLimit {

    /** A window that has run this many window lengths closes with any samples at all. */
    private static final int LONG_WINDOWS = 20;

    private final TuningSettings settings;
    private final Consumer<PoolTuning> decisions;
    private final LongAdder returns = new LongAdder();
    private final LongAdder serviceNanos = new LongAdder();
    private final LongAdder queuedReturns = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder serverFull = new LongAdder();
    private final ReentrantLock deciding = new ReentrantLock();
    private volatile long windowStart;
    private volatile int limit;
    private volatile PoolTuning last;

    // guarded by `deciding`
    private final LimitTable table;
    private boolean settling;
    private boolean probeUpNext;
    private int cap;
    private long capUntil;
    /** The reason of the latest {@link #choose}. */
    private Reason chosen;

    /**
     * @param settings the algorithm's constants
     * @param nowNanos the time tuning starts
     * @param decisions receives every decision (on the thread that closed the window); must not block
     */
    public ConcurrencyLimit(TuningSettings settings, long nowNanos, Consumer<PoolTuning> decisions) {
        this.settings = settings;
        this.decisions = decisions;
        this.table = new LimitTable(settings.max(), settings.staleNanos());
        this.windowStart = nowNanos;
        this.cap = settings.max();
        this.limit = settings.min() + (settings.max() - settings.min()) / 2;
        this.settling = true;
        this.last = new PoolTuning(limit, limit, Reason.STARTED, 0, Double.NaN, false, 0, 0);
    }

    /** @return the limit in force */
    public int limit() {
        return limit;
    }

    /** @return the latest decision */
    public PoolTuning last() {
        return last;
    }

    /**
     * A borrower returned a connection.
     *
     * @param nowNanos the time of the return
     * @param serviceNanos how long the borrower held the connection (time queued in the pool not included)
     * @param waiting how many borrowers were queued at the return
     */
    public void onSample(long nowNanos, long serviceNanos, int waiting) {
        returns.increment();
        this.serviceNanos.add(Math.max(0, serviceNanos));
        if (waiting > 0) {
            queuedReturns.increment();
        }
        maybeDecide(nowNanos);
    }

    /**
     * A borrow timed out waiting for a connection.
     *
     * @param nowNanos the time it gave up
     */
    public void onTimeout(long nowNanos) {
        timeouts.increment();
        maybeDecide(nowNanos);
    }

    /**
     * The server refused a new connection as full (SQLSTATE 53300, too many connections).
     *
     * @param nowNanos the time of the refusal
     */
    public void onServerFull(long nowNanos) {
        serverFull.increment();
        maybeDecide(nowNanos);
    }

    private void maybeDecide(long now) {
        long elapsed = now - windowStart;
        if (elapsed < settings.windowNanos() || !deciding.tryLock()) {
            return;
        }
        try {
            elapsed = now - windowStart;
            long n = returns.sum();
            boolean errors = timeouts.sum() > 0 || serverFull.sum() > 0;
            boolean due = elapsed >= settings.windowNanos() && (n >= settings.minSamples() || errors
                    || (n > 0 && elapsed >= LONG_WINDOWS * settings.windowNanos()));
            if (due) {
                decide(now, elapsed);
            }
        } finally {
            deciding.unlock();
        }
    }

    private void decide(long now, long elapsed) {
        long n = returns.sumThenReset();
        long service = serviceNanos.sumThenReset();
        long queued = queuedReturns.sumThenReset();
        long timedOut = timeouts.sumThenReset();
        long full = serverFull.sumThenReset();
        windowStart = now;
        double rate = n * 1e9 / elapsed;
        double serviceTime = n == 0 ? Double.NaN : (double) service / n;
        boolean saturated = (n > 0 && queued * 2 >= n) || timedOut > 0;
        int current = limit;
        int next = current;
        Reason reason;
        if (full > 0) {
            cap = Math.max(settings.min(), current - step(current));
            capUntil = now + settings.serverFullNanos();
            next = cap;
            reason = Reason.SERVER_FULL;
        } else if (settling) {
            settling = false;
            reason = Reason.SETTLING;
        } else if (!saturated) {
            reason = Reason.DEMAND_BELOW_LIMIT;
        } else {
            if (n > 0) {
                table.record(current, rate, serviceTime, now);
            }
            next = choose(current, now, timedOut > 0);
            reason = chosen;
        }
        if (now - capUntil < 0) {
            next = Math.min(next, cap);
        }
        next = Math.max(settings.min(), Math.min(settings.max(), next));
        if (next != current) {
            limit = next;
            settling = true;
        }
        PoolTuning decision = new PoolTuning(next, current, reason, rate, serviceTime / 1e6, saturated, timedOut,
                full);
        last = decision;
        decisions.accept(decision);
    }

    private int choose(int current, long now, boolean timedOut) {
        int top = now - capUntil < 0 ? Math.min(settings.max(), cap) : settings.max();
        int up = Math.min(top, current + step(current));
        int down = Math.max(settings.min(), current - step(current));
        int target = lowestAsFast(top, now);
        if (target < current) {
            chosen = Reason.LOWER_IS_AS_FAST;
            return target;
        }
        if (target > current && table.service(target) * current < table.service(current) * target) {
            chosen = Reason.THROUGHPUT_RISES; // and service time grew less than the concurrency did
            return target;
        }
        boolean canProbeUp = up != current && !table.fresh(up, now);
        boolean canProbeDown = down != current && !table.fresh(down, now);
        if (canProbeUp && (timedOut || probeUpNext || !canProbeDown)) {
            probeUpNext = false;
            chosen = timedOut ? Reason.TIMEOUTS : Reason.PROBE_UP;
            return up;
        }
        if (canProbeDown) {
            probeUpNext = true;
            chosen = Reason.PROBE_DOWN;
            return down;
        }
        chosen = Reason.AT_KNEE;
        return current;
    }

    /**
     * @return the lowest limit with a fresh measurement whose throughput is within the tolerance of the best fresh
     *     throughput: where throughput stopped rising (ties go down)
     */
    private int lowestAsFast(int top, long now) {
        double best = 0;
        for (int l = settings.min(); l <= top; l++) {
            if (table.fresh(l, now)) {
                best = Math.max(best, table.rate(l));
            }
        }
        for (int l = settings.min(); l <= top; l++) {
            if (table.fresh(l, now) && table.rate(l) >= best * (1 - settings.tolerance())) {
                return l;
            }
        }
        return limit;
    }

    /** @return the step from a limit to its neighbours: a tenth of it, at least 1 */
    static int step(int limit) {
        return Math.max(1, Math.round(limit * 0.1f));
    }
}
