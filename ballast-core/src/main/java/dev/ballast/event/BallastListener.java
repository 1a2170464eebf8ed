package dev.ballast.event;

import dev.ballast.alert.Alert;
import dev.ballast.resilience.CircuitState;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Receives every pool and resilience event. All methods have no-op defaults, so a listener overrides only what it
 * needs; metrics, logging, tracing, the dashboard and tests are all listeners.
 *
 * <p>This plays the part of an EF Core {@code DbConnectionInterceptor} in .NET: instead of intercepting connection
 * opening, register a listener with the options builder.
 *
 * <p><b>Threading.</b> Methods are called synchronously on the thread that caused the event (a borrower, the
 * background maintainer, a resilience caller), possibly from many threads at once: implementations must be
 * thread-safe, fast, and must not block. An exception thrown by a listener is caught and logged; it never breaks
 * the pool or the call. Times on the hot path ({@link #connectionBorrowed}, {@link #connectionReturned}) are given in
 * nanoseconds as {@code long} so that dispatch allocates nothing.
 */
public interface BallastListener {

    /** A physical connection is about to be opened. */
    default void connectionOpening() {}

    /**
     * A physical connection was opened.
     *
     * @param openNanos how long opening took, in nanoseconds
     */
    default void connectionOpened(long openNanos) {}

    /**
     * Opening a physical connection failed.
     *
     * @param elapsedNanos how long the attempt took, in nanoseconds
     * @param cause the driver's error
     */
    default void connectionFailed(long elapsedNanos, SQLException cause) {}

    /**
     * A physical connection was closed.
     *
     * @param reason why the pool closed it
     */
    default void connectionClosed(ConnectionCloseReason reason) {}

    /**
     * A caller borrowed a connection.
     *
     * @param waitNanos how long the caller waited, in nanoseconds
     */
    default void connectionBorrowed(long waitNanos) {}

    /**
     * The automatic pool sizing ({@code EnablePoolAutoTuning}) closed a measurement window and decided the pool's
     * concurrency limit; published for every window, changed or not. Never called with tuning off.
     *
     * @param tuning the limit, its reason and the measurements behind it
     */
    default void poolLimitTuned(PoolTuning tuning) {}

    /**
     * A caller returned a connection to the pool.
     *
     * @param useNanos how long the caller held it, in nanoseconds
     */
    default void connectionReturned(long useNanos) {}

    /**
     * A caller gave up waiting for a connection after ConnectionTimeout.
     *
     * @param waitNanos how long the caller waited, in nanoseconds
     */
    default void borrowTimeout(long waitNanos) {}

    /**
     * A connection has been held longer than the leak detection threshold.
     *
     * @param heldNanos how long it has been held so far, in nanoseconds
     * @param borrowSite a throwable whose stack trace is the borrower's, captured when it borrowed
     */
    default void connectionLeakSuspected(long heldNanos, Throwable borrowSite) {}

    /**
     * A resilience operation failed an attempt with a transient error and will retry after {@code delay}.
     *
     * @param operation the operation's name ({@code execute}, {@code withConnection}, {@code inTransaction})
     * @param attempt the attempt that failed, 1-based
     * @param delay how long the policy waits before the next attempt
     * @param cause the transient failure
     */
    default void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {}

    /**
     * A resilience attempt finished.
     *
     * @param operation the operation's name
     * @param attempt the attempt number, 1-based
     * @param failure the failure, or {@code null} on success
     */
    default void attemptFinished(String operation, int attempt, Throwable failure) {}

    /**
     * A call was rejected at once because the circuit is open or isolated.
     *
     * @param state the breaker's state at the time
     */
    default void callRejected(CircuitState state) {}

    /**
     * The circuit breaker changed state.
     *
     * @param from the previous state
     * @param to the new state
     */
    default void circuitStateChanged(CircuitState from, CircuitState to) {}

    /**
     * An alert rule fired (see {@link dev.ballast.alert.AlertRule}). Called once per firing, on the alert
     * evaluator's thread.
     *
     * @param alert the alert
     */
    default void alertFired(Alert alert) {}

    /**
     * An alert that had fired cleared. Called once per firing, on the alert evaluator's thread.
     *
     * @param alert the alert as it fired
     */
    default void alertCleared(Alert alert) {}

    /**
     * With several hosts: the topology monitor saw a host change role or reachability. Called on the monitor's
     * thread.
     *
     * @param host the host, {@code name:port}
     * @param fromRole {@code unknown}, {@code primary}, {@code standby} or {@code down}
     * @param toRole the new role, same values
     */
    default void hostRoleChanged(String host, String fromRole, String toRole) {}

    /**
     * With several hosts: the primary changed. {@code from} and {@code to} both set is a failover; {@code to} null
     * means no primary is known now (writes wait for one); {@code from} null, the first primary found. Called on the
     * monitor's thread.
     *
     * @param from the previous primary, {@code name:port}, or null
     * @param to the new primary, or null
     */
    default void primaryChanged(String from, String to) {}
}
