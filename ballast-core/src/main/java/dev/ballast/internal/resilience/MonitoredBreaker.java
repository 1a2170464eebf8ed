package dev.ballast.internal.resilience;

import dev.ballast.event.BallastListener;
import dev.ballast.internal.time.Clock;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.CircuitOpenException;
import dev.ballast.resilience.CircuitState;

/**
 * A {@link CircuitBreaker} (the same failure-ratio rules as the pool-wide one) whose half-open trial is made by a
 * background monitor instead of a caller: callers only report outcomes and ask {@link #admits()}; while the circuit
 * is not closed they are sent elsewhere, and once the break duration has passed the monitor's next check
 * ({@link #trial(boolean)}) closes or re-opens it. One per host of a multi-host pool. Thread-safe; recording a success
 * while closed takes no lock and allocates nothing.
 */
public final class MonitoredBreaker {

    private final CircuitBreaker breaker;

    /**
     * @param config the rules (threshold, failure ratio, sampling window, break duration; disabled: never opens)
     * @param clock the time source
     * @param listener told of {@code circuitStateChanged}
     */
    public MonitoredBreaker(CircuitBreakerConfig config, Clock clock, BallastListener listener) {
        this.breaker = new CircuitBreaker(config, clock, listener);
    }

    /** @return true while the circuit is closed: callers may be sent here */
    public boolean admits() {
        return breaker.state() == CircuitState.CLOSED;
    }

    /** @return the state now (OPEN reads as HALF_OPEN once the break duration has passed) */
    public CircuitState state() {
        return breaker.state();
    }

    /** A caller's attempt here succeeded. */
    public void success() {
        breaker.onSuccess(CircuitBreaker.NOT_A_PROBE);
    }

    /** A caller's attempt here failed with an error the breaker counts (transient). */
    public void failure() {
        breaker.onFailure(CircuitBreaker.NOT_A_PROBE, true);
    }

    /**
     * The monitor checked the host: once the break duration has passed this is the half-open trial, closing the
     * circuit if {@code healthy}, else opening it for another break duration. Before that, and while closed, nothing
     * changes.
     *
     * @param healthy whether the monitor's check succeeded
     */
    public void trial(boolean healthy) {
        if (breaker.state() != CircuitState.HALF_OPEN) {
            return;
        }
        long permit;
        try {
            permit = breaker.acquire();
        } catch (CircuitOpenException notYet) {
            return;
        }
        if (healthy) {
            breaker.onSuccess(permit);
        } else {
            breaker.onFailure(permit, true);
        }
    }
}
