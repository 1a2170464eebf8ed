package dev.ballast.internal.tuning;

import dev.ballast.event.PoolTuning;
import dev.ballast.event.PoolTuning.Reason;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The automatic pool-sizing algorithm: a concurrency limit between MinPoolSize and MaxPoolSize, moved one step at a
 * time to the size where throughput stops rising, and only on evidence that outweighs the noise of the measurements.
 *
 * <p><b>Measuring.</b> Each returned connection counts ({@link #onReturn}); all of them, or a sample when nothing else
 * needs every hold timed, also bring their service time ({@link #onSample}: how long the borrower held it, queueing
 * in the pool excluded); each window of at least {@link TuningSettings#windowNanos()} and
 * {@link TuningSettings#minSamples()} returns is one measurement of throughput and mean service time <em>at the limit
 * in force</em>, kept per limit value. Only windows in which borrowers queued count (otherwise the limit did not
 * bind), and the first window after a change is discarded (connections were opening or closing). The spread of
 * windows measured at one limit is the noise; it is pooled over all limits and windows expire after
 * {@link TuningSettings#staleNanos()}.
 *
 * <p><b>Deciding.</b> The tuner has a <em>home</em> limit. From it, it <em>probes</em> a neighbour (one step up or one
 * step down, a step being a tenth of the limit) for {@link TuningSettings#probeWindows()} windows, comes back for as
 * many, and probes again, so that windows at home and at the neighbour alternate in time and a machine that speeds up
 * or slows down affects both alike. Moves are decided at home, once it has been measured again after a probe, so that
 * home's windows lie on both sides of the neighbour's (deciding at the end of the probe compared it with home windows
 * measured only before it, and while a new pool warms up every later window looks better). Home moves to a neighbour
 * only when the difference of their means, less {@link TuningSettings#confidence()} standard errors of that
 * difference, clears the bar:
 * <ul>
 *   <li>up if the step up is faster by more than half the {@link TuningSettings#tolerance() tolerance}, with service
 *       time that grew less than the concurrency did (otherwise the extra connections only queue inside the
 *       server);</li>
 *   <li>down if the step down is slower by less than half the tolerance (ties go down, but only measured ties).
 *       Half each way, so that a step and the step back can never both clear their bars;</li>
 *   <li>a neighbour that is neither shown better nor shown worse is probed again, alternating up and down (up first
 *       after borrow timeouts), until it has {@link TuningSettings#enoughWindows()} fresh windows; a difference still
 *       inside the noise then counts as none, if those windows could have shown a difference of twice the
 *       tolerance (with noisier windows, "no difference seen" says little). None is a tie, and a tie goes down: a
 *       step down whose mean is then no lower than home's is taken. Otherwise home holds: it is at the knee.</li>
 * </ul>
 * The last rule is what brings the limit down through a flat region (a server that serialises the work gains nothing
 * from more connections) when the noise is too large for a tie ever to be shown within half the tolerance; on a knee,
 * the step below is slower, so its mean is seldom at or above home's.
 *
 * <p><b>Faults of the known designs, avoided.</b> Going up needs a measured gain beyond the noise, so modest overload
 * (queueing, even timeouts) cannot ratchet the limit upward (Gradient2's and grow-on-timeout's drift); a step down
 * needs a measured tie (or, after long measurement, a mean no lower than home's), so noise cannot walk the limit
 * down below the knee either. There is no remembered no-load latency to go stale (Vegas): measurements expire and are
 * re-taken one step from home, never by pinning concurrency to the minimum to re-measure. The server refusing
 * connections as full (53300) lowers the limit at once and caps it for {@link TuningSettings#serverFullNanos()}.
 *
 * <p><b>A stall is not a knee.</b> The limit is meant to bind while connections keep coming back. When borrowers wait
 * at the limit and none comes back for {@link #stallNanos} (the application holds every connection the limit allows
 * and needs more before it can return any: a batch holding many at once, a thread that borrows a second connection
 * while it holds one), the pool reports it ({@link #onStall}) and the limit rises at once to MaxPoolSize, as a fixed
 * pool would have served it (raising the limit opens nothing by itself: connections are opened for waiting borrowers
 * only). A server that answers nothing for as long looks the same from the pool: every connection is busy in it and
 * none comes back. So the first stall is tested: once connections come back for a window, the limit returns in one
 * move to where it was ({@code STALL_ENDED}). If the application caused it, it stalls there again; a stall within
 * {@link #STALL_MEMORY_NANOS} of the one before is believed, and the limit stays at MaxPoolSize and is measured from
 * there.
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
    /**
     * The measured noise (relative standard deviation of one window) is never taken as smaller than this: a quiet server
     * or a model can measure almost none, and a margin of nothing would let rounding decide.
     */
    private static final double NOISE_FLOOR = 0.005;
    /**
     * A difference still inside the noise after enough windows counts as none (a tie) only if those windows could have
     * shown one of this many tolerances: with a margin wider than that, "no difference seen" says little, and a step
     * down taken as a tie walks the limit below the knee on a noisy machine.
     */
    private static final double TIE_RESOLUTION = 2;
    /** No return for less than this never counts as a stall, however short the service time. */
    static final long STALL_FLOOR_NANOS = 100_000_000L;
    /** No return for this many mean service times, with borrowers waiting at the limit, is a stall. */
    private static final int STALL_SERVICE_TIMES = 2;
    /**
     * A stall this soon after the one before is believed: the limit stays at MaxPoolSize rather than going back to where
     * it was once connections come back.
     */
    static final long STALL_MEMORY_NANOS = 60_000_000_000L;

    private final TuningSettings settings;
    private final Consumer<PoolTuning> decisions;
    private final LongAdder returns = new LongAdder();
    private final LongAdder serviceNanos = new LongAdder();
    /** Returns whose service time was measured ({@link #onSample}); the others only count ({@link #onReturn}). */
    private final LongAdder timedReturns = new LongAdder();
    private final LongAdder queuedReturns = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder serverFull = new LongAdder();
    private final ReentrantLock deciding = new ReentrantLock();
    private volatile long windowStart;
    private volatile int limit;
    private volatile PoolTuning last;
    /** Returns counted in windows already closed (the open window's are in {@link #returns}). */
    private volatile long closedReturns;
    /** The mean service time of the latest window with returns, in nanoseconds; 0 before the first. */
    private volatile long recentServiceNanos;

    // guarded by `deciding`
    private final LimitTable table;
    private boolean settling;
    private boolean probeUpNext;
    private int home;
    /** Measured windows left in the current probe; 0 when at home. */
    private int probeLeft;
    /** Measured windows at home since the last probe. */
    private int atHome;
    private int cap;
    private long capUntil;
    /** The limit before a stall being tested: it returns there once connections come back; 0 if none is tested. */
    private int beforeStall;
    /** Until when a stall is believed because another one came before it. */
    private long stallRememberedUntil;

    /**
     * @param settings the algorithm's constants
     * @param nowNanos the time tuning starts
     * @param decisions receives every decision (on the thread that closed the window); must not block
     */
    public ConcurrencyLimit(TuningSettings settings, long nowNanos, Consumer<PoolTuning> decisions) {
        this.settings = settings;
        this.decisions = decisions;
        this.table = new LimitTable(settings.max(), settings.keptWindows(), settings.staleNanos());
        this.windowStart = nowNanos;
        this.cap = settings.max();
        this.home = settings.min() + (settings.max() - settings.min()) / 2;
        this.limit = home;
        this.settling = true;
        this.stallRememberedUntil = nowNanos;
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
        onReturn(waiting);
        timedReturns.increment();
        this.serviceNanos.add(Math.max(0, serviceNanos));
        maybeDecide(nowNanos);
    }

    /**
     * A borrower returned a connection and its service time was not measured (the pool times a sample of the borrows
     * when nothing else needs every one timed). It counts toward the window's throughput and saturation; the window
     * closes at the next timed return ({@link #onSample}), the one that brings the time.
     *
     * @param waiting how many borrowers were queued at the return
     */
    public void onReturn(int waiting) {
        returns.increment();
        if (waiting > 0) {
            queuedReturns.increment();
        }
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

    /**
     * A count that changes with every return. Compared at two times by a waiting borrower, no change means no
     * connection came back in between (read only while waiting, never on the borrow or return path).
     *
     * @return the connections returned since tuning started
     */
    public long returns() {
        return closedReturns + returns.sum();
    }

    /**
     * How long borrowers may wait at the limit with no connection coming back before it counts as a stall: twice the
     * mean time a connection was held in the latest window, at least {@value #STALL_FLOOR_NANOS} ns, at most a quarter
     * of the connection timeout (so that a borrower never times out because of the limit alone).
     *
     * @param timeoutNanos the connection (borrow) timeout
     * @return the stall time in nanoseconds
     */
    public long stallNanos(long timeoutNanos) {
        long stall = Math.max(STALL_FLOOR_NANOS, STALL_SERVICE_TIMES * recentServiceNanos);
        return timeoutNanos > 0 ? Math.min(stall, timeoutNanos / 4) : stall;
    }

    /**
     * Borrowers waited at the limit and no connection came back for {@link #stallNanos}: raise the limit at once to
     * MaxPoolSize (to the cap, within 30 s of the server refusing connections as full). To MaxPoolSize rather than to
     * what is wanted now: a thread that takes connections one at a time while it holds the others would otherwise stall
     * at every one.
     *
     * <p>The first stall in {@link #STALL_MEMORY_NANOS} is tested, because a server that answers nothing stalls a pool
     * the same way: the window after connections come back again (and after the one that measured the stall) takes the
     * limit back to where it was. A stall within that time of the one before is believed: the new limit becomes home,
     * measured from there. A no-op if the limit is already there, or if a decision is being taken right now (a window
     * closing means connections are coming back).
     *
     * @param nowNanos the time the stall was seen
     * @return whether the limit rose
     */
    public boolean onStall(long nowNanos) {
        if (!deciding.tryLock()) {
            return false;
        }
        try {
            int current = limit;
            int next = top(nowNanos);
            if (next <= current) {
                return false;
            }
            boolean believed = nowNanos - stallRememberedUntil < 0;
            stallRememberedUntil = nowNanos + STALL_MEMORY_NANOS;
            beforeStall = believed ? 0 : current;
            home = next;
            limit = next;
            probeLeft = 0;
            atHome = 0;
            settling = true; // the window in progress measured the stall, not the limit: dropped
            PoolTuning decision = new PoolTuning(next, current, Reason.STALLED, 0, Double.NaN, true, 0, 0);
            last = decision;
            decisions.accept(decision);
            return true;
        } finally {
            deciding.unlock();
        }
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
        closedReturns += n;
        long service = serviceNanos.sumThenReset();
        long timed = timedReturns.sumThenReset();
        long queued = queuedReturns.sumThenReset();
        long timedOut = timeouts.sumThenReset();
        long full = serverFull.sumThenReset();
        windowStart = now;
        double rate = n * 1e9 / elapsed;
        double serviceTime = timed == 0 ? Double.NaN : (double) service / timed;
        if (timed > 0) {
            recentServiceNanos = service / timed;
        }
        boolean saturated = (n > 0 && queued * 2 >= n) || timedOut > 0;
        int current = limit;
        int next = current;
        Reason reason;
        if (full > 0) {
            cap = Math.max(settings.min(), current - step(current));
            capUntil = now + settings.serverFullNanos();
            home = cap;
            probeLeft = 0;
            beforeStall = 0;
            next = cap;
            reason = Reason.SERVER_FULL;
        } else if (settling) {
            settling = false;
            reason = Reason.SETTLING;
        } else if (beforeStall > 0) {
            // connections came back for a whole window after a stall tested: back where it was, in one move
            home = beforeStall;
            beforeStall = 0;
            atHome = 0;
            next = home;
            reason = Reason.STALL_ENDED;
        } else if (!saturated) {
            reason = Reason.DEMAND_BELOW_LIMIT;
        } else {
            if (timed > 0) { // a window closed by a timeout may hold no timed return: no service time to record
                table.record(current, rate, serviceTime, now);
            }
            reason = probeLeft > 0 ? probed(now) : fromHome(now, timedOut > 0);
            next = limit();
        }
        if (now - capUntil < 0 && next > cap) {
            home = Math.min(home, cap);
            probeLeft = 0;
            next = home;
        }
        if (next != current) {
            settling = true;
        }
        limit = next;
        PoolTuning decision = new PoolTuning(next, current, reason, rate, serviceTime / 1e6, saturated, timedOut,
                full);
        last = decision;
        decisions.accept(decision);
    }

    /**
     * A window at a probed neighbour was measured: go back home (the probe has its windows, or is shown worse), or stay
     * probing. A neighbour that looks better is not moved to from here: its windows were measured after home's, and
     * while the machine speeds up (a new pool warming up) every later window looks better. Home decides, once it has
     * been measured again after the probe ({@link #fromHome}).
     */
    private Reason probed(long now) {
        int neighbour = limit;
        Verdict verdict = compare(neighbour, table.noise(now), now);
        probeLeft--;
        if (verdict == Verdict.WORSE || probeLeft == 0) {
            probeLeft = 0;
            atHome = 0;
            limit = home;
            return Reason.PROBE_ENDED;
        }
        return neighbour > home ? Reason.PROBE_UP : Reason.PROBE_DOWN;
    }

    /**
     * A window at home was measured: move home to a neighbour shown better, start a probe, or hold. Moves wait until home
     * has been measured for as many windows as a probe since the last probe ended, so that home's windows lie on both
     * sides of the neighbour's and a machine speeding up or slowing down weighs on both alike.
     */
    private Reason fromHome(long now, boolean timedOut) {
        atHome++;
        if (atHome < settings.probeWindows()) {
            return Reason.AT_KNEE; // home's own windows first, so that home and neighbour alternate
        }
        int top = top(now);
        int up = Math.min(top, home + step(home));
        int down = Math.max(settings.min(), home - step(home));
        double noise = table.noise(now);
        Verdict upVerdict = up == home ? Verdict.WORSE : compare(up, noise, now);
        Verdict downVerdict = down == home ? Verdict.WORSE : compare(down, noise, now);
        if (downVerdict == Verdict.BETTER) {
            moveHome(down);
            return Reason.LOWER_IS_AS_FAST;
        }
        if (upVerdict == Verdict.BETTER) {
            moveHome(up);
            return Reason.THROUGHPUT_RISES;
        }
        boolean canProbeUp = upVerdict == Verdict.UNDECIDED;
        boolean canProbeDown = downVerdict == Verdict.UNDECIDED;
        if (canProbeUp && (timedOut || probeUpNext || !canProbeDown)) {
            probeUpNext = false;
            return probe(up, timedOut ? Reason.TIMEOUTS : Reason.PROBE_UP);
        }
        if (canProbeDown) {
            probeUpNext = true;
            return probe(down, Reason.PROBE_DOWN);
        }
        return Reason.AT_KNEE;
    }

    /**
     * Home moves to a neighbour shown better. Its windows there count as home's, and the next probe goes on in the
     * same direction: the step back was just measured as worse.
     */
    private void moveHome(int to) {
        probeUpNext = to > home;
        home = to;
        limit = to;
        probeLeft = 0;
        atHome = settings.probeWindows();
    }

    private Reason probe(int neighbour, Reason reason) {
        limit = neighbour;
        probeLeft = settings.probeWindows();
        return reason;
    }

    private int top(long now) {
        return now - capUntil < 0 ? Math.min(settings.max(), cap) : settings.max();
    }

    private enum Verdict { BETTER, WORSE, UNDECIDED }

    /**
     * Compares a neighbour of home with home, from their fresh windows.
     *
     * @param noise the pooled window-to-window noise ({@link LimitTable#noise}), {@code NaN} if not yet measured
     * @return {@code BETTER} if it clears the bar to move there (or, one step down, was measured long enough, and
     *     precisely enough, with no slowdown at all), {@code WORSE} if it cannot (shown, or measured long enough that a
     *     difference still inside the noise counts as none), {@code UNDECIDED} if more windows are needed
     */
    private Verdict compare(int neighbour, double noise, long now) {
        int n = table.windows(neighbour, now);
        int h = table.windows(home, now);
        if (n == 0 || h == 0 || Double.isNaN(noise)) {
            return n >= settings.enoughWindows() ? Verdict.WORSE : Verdict.UNDECIDED;
        }
        double relative = Math.max(NOISE_FLOOR, noise);
        double margin = settings.confidence() * relative * Math.sqrt(1.0 / n + 1.0 / h);
        double gain = table.rate(neighbour, now) / table.rate(home, now) - 1;
        boolean up = neighbour > home;
        // half the tolerance each way, so that a step up and the step back down can never both clear their bars
        double bar = up ? settings.tolerance() / 2 : -settings.tolerance() / 2;
        if (gain - margin > bar && (!up || table.service(neighbour, now) * home < table.service(home, now) * neighbour)) {
            return Verdict.BETTER;
        }
        if (gain + margin <= bar) {
            return Verdict.WORSE;
        }
        if (n >= settings.enoughWindows()) {
            // measured at length, the difference still inside the noise: none. A step down that measured no slower
            // at all is then a tie, and ties go down, if the windows could have shown a loss of TIE_RESOLUTION
            // tolerances; otherwise (or with noisier windows) home holds
            return !up && gain >= 0 && margin <= TIE_RESOLUTION * settings.tolerance() ? Verdict.BETTER : Verdict.WORSE;
        }
        return Verdict.UNDECIDED;
    }

    /** @return the step from a limit to its neighbours: a tenth of it, at least 1 */
    static int step(int limit) {
        return Math.max(1, Math.round(limit * 0.1f));
    }
}
