package dev.ballast.resilience;

/**
 * The state of the circuit breaker (Polly's states).
 */
public enum CircuitState {
    /** Normal operation: every call goes through and its outcome is sampled. */
    CLOSED,
    /** Tripped: every call fails at once with {@link CircuitOpenException} until the break duration ends. */
    OPEN,
    /** The break duration ended: exactly one probe call goes through; its outcome closes or re-opens the circuit. */
    HALF_OPEN,
    /** Opened by hand ({@code isolate()}): every call fails until the circuit is closed by hand. */
    ISOLATED
}
