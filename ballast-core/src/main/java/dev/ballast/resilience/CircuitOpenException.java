package dev.ballast.resilience;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Locale;

/**
 * Thrown at once, without touching the pool or the database, when the circuit breaker rejects a call: the circuit
 * is {@link CircuitState#OPEN open}, {@link CircuitState#ISOLATED isolated}, or {@link CircuitState#HALF_OPEN
 * half-open} with its single probe already in flight. Ballast never retries it.
 *
 * <p>SQLSTATE {@value #SQL_STATE} (sqlclient_unable_to_establish_sqlconnection): from the caller's point of view no
 * connection could be had, which is what PostgreSQL clients report for an unreachable server too; it is a class 08
 * code, as JDBC requires of a {@link SQLTransientConnectionException}. An outer layer may retry the call after
 * {@link #retryAfter()}.
 */
public class CircuitOpenException extends SQLTransientConnectionException {

    private static final long serialVersionUID = 1L;

    /** The SQLSTATE of every {@code CircuitOpenException}. */
    public static final String SQL_STATE = "08001";

    /** The breaker's state when it rejected the call. */
    private final CircuitState state;
    /** How long until the breaker may let a call through. */
    private final Duration retryAfter;

    /**
     * @param state the breaker's state when it rejected the call (not {@link CircuitState#CLOSED})
     * @param retryAfter how long until the breaker may let a call through again; zero or positive
     */
    public CircuitOpenException(CircuitState state, Duration retryAfter) {
        super(message(state, retryAfter), SQL_STATE);
        this.state = state;
        this.retryAfter = retryAfter;
    }

    /** @return the breaker's state when it rejected the call */
    public CircuitState state() {
        return state;
    }

    /**
     * How long until the breaker may let a call through: the rest of the break duration when open, the time until
     * a stuck probe is given up when half-open, the break duration as a hint when isolated (a person must close it).
     *
     * @return zero or positive
     */
    public Duration retryAfter() {
        return retryAfter;
    }

    private static String message(CircuitState state, Duration retryAfter) {
        String seconds = String.format(Locale.ROOT, "%.3f s", retryAfter.toNanos() / 1e9);
        switch (state) {
            case ISOLATED:
                return "Circuit breaker is ISOLATED (opened by hand): call rejected until it is closed by hand";
            case HALF_OPEN:
                return "Circuit breaker is HALF_OPEN and its one probe call is in flight: call rejected; retry after "
                        + seconds;
            default:
                return "Circuit breaker is " + state + ": call rejected without touching the database; retry after "
                        + seconds;
        }
    }
}
