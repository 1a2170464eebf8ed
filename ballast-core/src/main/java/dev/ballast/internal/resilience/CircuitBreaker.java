package dev.ballast.internal.resilience;

import dev.ballast.event.BallastListener;
import dev.ballast.internal.time.Clock;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.CircuitOpenException;
import dev.ballast.resilience.CircuitState;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker's state machine (see {@link CircuitBreakerConfig} for the rules). Each attempt calls
 * {@link #acquire()} first and then exactly one of {@link #onSuccess(long)} or {@link #onFailure(long, boolean)}
 * with the permit it got.
 *
 * <p>The state is one immutable {@link Phase} behind an {@link AtomicReference}; transitions are compare-and-set, so
 * exactly one thread wins each, and only the winner publishes the event and logs (WARN when the circuit opens, INFO
 * when it closes). A permit is {@link #NOT_A_PROBE} for a call admitted while closed, or the generation of the
 * half-open phase that admitted a probe: only that probe's outcome moves the half-open circuit, and a probe that has
 * not reported within a break duration is superseded by the next caller. Thread-safe; acquiring and recording a
 * success while closed take no lock and allocate nothing.
 */
public final class CircuitBreaker {

    /** The permit of a call admitted while the circuit was closed. */
    static final long NOT_A_PROBE = 0;

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    private final AtomicReference<Phase> phase = new AtomicReference<>(new Phase(CircuitState.CLOSED, 1, 0));
    private final FailureWindow window;
    private final boolean enabled;
    private final int minimumThroughput;
    private final double failureRatio;
    private final long breakNanos;
    private final Clock clock;
    private final BallastListener listener;

    /**
     * @param config the rules
     * @param clock the time source
     * @param listener receives {@code callRejected} and {@code circuitStateChanged}
     */
    public CircuitBreaker(CircuitBreakerConfig config, Clock clock, BallastListener listener) {
        this.window = new FailureWindow(config.samplingDuration());
        this.enabled = config.enabled();
        this.minimumThroughput = config.minimumThroughput();
        this.failureRatio = config.failureRatio();
        this.breakNanos = config.breakDuration().toNanos();
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * @return a permit to pass to {@link #onSuccess} or {@link #onFailure}
     * @throws CircuitOpenException if the call is rejected
     */
    long acquire() throws CircuitOpenException {
        Phase p = phase.get();
        return p.state == CircuitState.CLOSED ? NOT_A_PROBE : acquireSlow(p);
    }

    private long acquireSlow(Phase p) throws CircuitOpenException {
        for (;; p = phase.get()) {
            if (p.state == CircuitState.CLOSED) {
                return NOT_A_PROBE;
            }
            if (p.state == CircuitState.ISOLATED) {
                throw rejected(CircuitState.ISOLATED, breakNanos);
            }
            long now = clock.nanoTime();
            if (now - p.untilNanos < 0) {
                throw rejected(p.state, p.untilNanos - now);
            }
            Phase probe = new Phase(CircuitState.HALF_OPEN, p.generation + 1, now + breakNanos);
            if (phase.compareAndSet(p, probe)) {
                if (p.state == CircuitState.OPEN) {
                    LOG.info("Circuit breaker half-open: letting one probe call through");
                    listener.circuitStateChanged(CircuitState.OPEN, CircuitState.HALF_OPEN);
                } else {
                    LOG.warn("Circuit breaker probe did not finish within {}; letting another probe through",
                            Duration.ofNanos(breakNanos));
                }
                return probe.generation;
            }
        }
    }

    /**
     * Spares a retry a pointless wait: rejects now if the circuit is isolated, or open for longer than the wait.
     *
     * @param waitNanos how long the caller is about to wait before its next attempt
     * @throws CircuitOpenException if that attempt would certainly be rejected
     */
    void rejectIfStillOpenAfter(long waitNanos) throws CircuitOpenException {
        Phase p = phase.get();
        if (p.state == CircuitState.ISOLATED) {
            throw rejected(CircuitState.ISOLATED, breakNanos);
        }
        if (p.state == CircuitState.OPEN) {
            long remaining = p.untilNanos - clock.nanoTime();
            if (remaining > waitNanos) {
                throw rejected(CircuitState.OPEN, remaining);
            }
        }
    }

    /** @param permit what {@link #acquire()} returned */
    void onSuccess(long permit) {
        if (permit != NOT_A_PROBE) {
            probeFinished(permit, false);
        } else if (enabled) {
            window.record(clock.nanoTime(), false);
        }
    }

    /**
     * @param permit what {@link #acquire()} returned
     * @param counted whether the breaker counts this failure; if not, it is recorded as a success
     */
    void onFailure(long permit, boolean counted) {
        if (!counted) {
            onSuccess(permit);
            return;
        }
        if (permit != NOT_A_PROBE) {
            probeFinished(permit, true);
            return;
        }
        if (!enabled) {
            return;
        }
        long now = clock.nanoTime();
        window.record(now, true);
        Phase p = phase.get();
        if (p.state != CircuitState.CLOSED) {
            return;
        }
        long calls = window.calls(now);
        long failures = window.failures(now);
        if (calls >= minimumThroughput && (double) failures / calls >= failureRatio
                && phase.compareAndSet(p, new Phase(CircuitState.OPEN, p.generation + 1, now + breakNanos))) {
            LOG.warn("Circuit breaker opened: {} of the last {} attempts failed (failure ratio {} >= {});"
                    + " rejecting calls for {}", failures, calls, (double) failures / calls, failureRatio,
                    Duration.ofNanos(breakNanos));
            listener.circuitStateChanged(CircuitState.CLOSED, CircuitState.OPEN);
        }
    }

    private void probeFinished(long permit, boolean failed) {
        Phase p = phase.get();
        if (p.state != CircuitState.HALF_OPEN || p.generation != permit) {
            return; // superseded by a newer probe, or closed / isolated by hand meanwhile
        }
        if (failed) {
            long now = clock.nanoTime();
            if (phase.compareAndSet(p, new Phase(CircuitState.OPEN, p.generation + 1, now + breakNanos))) {
                LOG.warn("Circuit breaker probe failed: re-opened for {}", Duration.ofNanos(breakNanos));
                listener.circuitStateChanged(CircuitState.HALF_OPEN, CircuitState.OPEN);
            }
        } else {
            window.reset();
            if (phase.compareAndSet(p, new Phase(CircuitState.CLOSED, p.generation + 1, 0))) {
                LOG.info("Circuit breaker closed: the probe call succeeded");
                listener.circuitStateChanged(CircuitState.HALF_OPEN, CircuitState.CLOSED);
            }
        }
    }

    /** @return the state now; OPEN reads as HALF_OPEN once its break duration has passed */
    public CircuitState state() {
        Phase p = phase.get();
        if (p.state == CircuitState.OPEN && clock.nanoTime() - p.untilNanos >= 0) {
            return CircuitState.HALF_OPEN;
        }
        return p.state;
    }

    /** Opens the circuit until {@link #close()}. */
    public void isolate() {
        CircuitState from = moveTo(CircuitState.ISOLATED);
        if (from != CircuitState.ISOLATED) {
            LOG.warn("Circuit breaker isolated by hand: rejecting every call until it is closed");
            listener.circuitStateChanged(from, CircuitState.ISOLATED);
        }
    }

    /** Closes the circuit from any state and forgets the sampled outcomes. */
    public void close() {
        window.reset();
        CircuitState from = moveTo(CircuitState.CLOSED);
        if (from != CircuitState.CLOSED) {
            LOG.info("Circuit breaker closed by hand (was {})", from);
            listener.circuitStateChanged(from, CircuitState.CLOSED);
        }
    }

    private CircuitState moveTo(CircuitState target) {
        for (;;) {
            Phase p = phase.get();
            if (p.state == target) {
                return target;
            }
            if (phase.compareAndSet(p, new Phase(target, p.generation + 1, 0))) {
                return p.state;
            }
        }
    }

    private CircuitOpenException rejected(CircuitState state, long retryAfterNanos) {
        listener.callRejected(state);
        return new CircuitOpenException(state, Duration.ofNanos(Math.max(0, retryAfterNanos)));
    }

    /** One immutable state of the machine; a new instance for every transition. */
    private static final class Phase {
        final CircuitState state;
        final long generation;
        /** OPEN: when the break ends. HALF_OPEN: when the probe in flight is given up on. */
        final long untilNanos;

        Phase(CircuitState state, long generation, long untilNanos) {
            this.state = state;
            this.generation = generation;
            this.untilNanos = untilNanos;
        }
    }
}
