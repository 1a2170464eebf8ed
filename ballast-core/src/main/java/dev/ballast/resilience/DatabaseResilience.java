package dev.ballast.resilience;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * Retry and circuit breaker made for databases. Every operation runs its work in <em>attempts</em>: an attempt that
 * fails with a transient failure (see {@link dev.ballast.postgres.SqlStateClassifier}) is replayed whole, after a
 * backoff, up to {@link RetryConfig#retryCount()} times; anything else is thrown at once.
 *
 * <p><b>Order.</b> Retry is outside, the circuit breaker inside: each attempt asks the breaker first and is counted
 * by it exactly once. A call the breaker rejects fails at once with {@link CircuitOpenException}, before any
 * connection is borrowed, and is never retried; the failure of the previous attempt, if any, is attached to it as
 * suppressed.
 *
 * <p><b>What is replayed.</b> {@link #execute(SqlCallable) execute} replays the callable, {@link
 * #withConnection(SqlFunction) withConnection} the function on a fresh connection, {@link #inTransaction(SqlFunction)
 * inTransaction} the whole transaction on a fresh connection after rolling back: never a single statement. Work
 * that writes outside a transaction ({@code execute}, {@code withConnection} in auto-commit) may have taken effect
 * before its connection failed; use {@code inTransaction} for writes that must happen exactly once.
 *
 * <p><b>Verified commits.</b> When the connection fails <em>during</em> COMMIT, {@code inTransaction} does not
 * guess: it asks the server, on a new connection, for the status of the transaction id it recorded just before
 * committing ({@code pg_xact_status}, {@code txid_status} before PostgreSQL 13). Committed: the work's result is
 * returned. Aborted: the transaction is replayed. Still unknown within the verification bound:
 * {@link CommitOutcomeUnknownException}. The answer is believed only from the server incarnation that ran the
 * transaction (same {@code system_identifier}, timeline and incarnation, an in-place crash restart included);
 * any other server's answer makes the outcome unknown. A {@linkplain TransactionOptions#readOnly() read-only}
 * transaction is replayed without asking; one that had no transaction id before COMMIT is reported unknown (COMMIT
 * assigns one itself for NOTIFY and deferred triggers).
 *
 * <p><b>Interrupts.</b> Backoff waits are interruptible. An interrupt during a wait (or a pending interrupt when a
 * retry is due) stops retrying: the thread's interrupt flag stays set and a {@link SQLException} with SQLSTATE
 * {@code 57014} (query_canceled) is thrown, whose cause is the last failure and which has the
 * {@link InterruptedException} as suppressed.
 *
 * <p><b>Asynchronous calls</b> run the same attempts on the instance's executor, one task per attempt; the backoff
 * between attempts is a scheduled hand-over that holds no thread. Cancelling the returned future (or completing it,
 * e.g. by {@link CompletableFuture#orTimeout}) stops further attempts; {@code cancel(true)} also interrupts the
 * running attempt, and for {@code withConnectionAsync} / {@code inTransactionAsync} the statement running on the
 * attempt's connection is cancelled on the server — from a thread of its own, never queued behind the calls'
 * work. If the attempt still holds its connection a second after the stop (the server cannot be reached, or the
 * work ignores the cancel) the connection is aborted, so that the pool gets its slot back at once and replaces it.
 * The failure a stopped attempt then reports is not counted by the circuit breaker. Futures derived from the
 * returned one do not propagate cancellation back to it.
 *
 * <p>Events for every attempt, retry, rejection and breaker transition go to the configured
 * {@link dev.ballast.event.BallastListener}s. Thread-safe; the success path takes no lock and allocates nothing
 * beyond what the work itself does.
 */
public interface DatabaseResilience {

    /**
     * @param dataSource where connections come from: Ballast's pool or any {@code DataSource}
     * @return a builder with the default retry and breaker configurations
     * @throws NullPointerException if {@code dataSource} is null
     */
    static DatabaseResilienceBuilder builder(DataSource dataSource) {
        return new DatabaseResilienceBuilder(dataSource);
    }

    /**
     * Runs {@code action} with retry and circuit breaker.
     *
     * @param action the work; may run more than once
     * @param <T> the result type
     * @return the result of the first successful attempt
     * @throws CircuitOpenException if the breaker rejects an attempt
     * @throws SQLException the failure of the last attempt, if no attempt succeeded
     */
    <T> T execute(SqlCallable<T> action) throws SQLException;

    /**
     * Runs {@code action} with retry and circuit breaker.
     *
     * @param action the work; may run more than once
     * @throws CircuitOpenException if the breaker rejects an attempt
     * @throws SQLException the failure of the last attempt, if no attempt succeeded
     */
    void execute(SqlRunnable action) throws SQLException;

    /**
     * Runs {@code work} on a fresh connection per attempt, closed after each attempt. The connection is in the
     * state the data source hands it out (normally auto-commit).
     *
     * @param work the work; may run more than once
     * @param <T> the result type
     * @return the result of the first successful attempt
     * @throws CircuitOpenException if the breaker rejects an attempt
     * @throws SQLException the failure of the last attempt, if no attempt succeeded
     */
    <T> T withConnection(SqlFunction<Connection, T> work) throws SQLException;

    /**
     * Runs {@code work} in a read-write transaction with the connection's isolation level; same as
     * {@code inTransaction(TransactionOptions.defaults(), work)}.
     *
     * @param work the transaction's body; must not commit, roll back or change auto-commit itself
     * @param <T> the result type
     * @return the result of the attempt whose commit succeeded (or was verified)
     * @throws CommitOutcomeUnknownException if the commit's outcome could not be determined
     * @throws CircuitOpenException if the breaker rejects an attempt
     * @throws SQLException the failure of the last attempt, if no attempt succeeded
     */
    <T> T inTransaction(SqlFunction<Connection, T> work) throws SQLException;

    /**
     * Runs {@code work} in a transaction on a fresh connection per attempt and commits it. On a transient failure
     * before the commit the transaction is rolled back and the whole function replayed; a failure during the commit
     * is verified first (see the class documentation).
     *
     * @param options read-only or not, isolation level
     * @param work the transaction's body; must not commit, roll back or change auto-commit itself
     * @param <T> the result type
     * @return the result of the attempt whose commit succeeded (or was verified)
     * @throws CommitOutcomeUnknownException if the commit's outcome could not be determined
     * @throws CircuitOpenException if the breaker rejects an attempt
     * @throws SQLException the failure of the last attempt, if no attempt succeeded
     */
    <T> T inTransaction(TransactionOptions options, SqlFunction<Connection, T> work) throws SQLException;

    /**
     * Runs {@code work} in a read-only transaction, replayed freely on transient failures.
     *
     * @param work the transaction's body
     * @param <T> the result type
     * @return the result of the first successful attempt
     * @throws CircuitOpenException if the breaker rejects an attempt
     * @throws SQLException the failure of the last attempt, if no attempt succeeded
     */
    default <T> T readOnlyTransaction(SqlFunction<Connection, T> work) throws SQLException {
        return inTransaction(TransactionOptions.readOnly(), work);
    }

    /**
     * {@link #execute(SqlCallable)} on the instance's executor.
     *
     * @param action the work; may run more than once
     * @param <T> the result type
     * @return a future of the result; {@code cancel(true)} stops retrying and interrupts the running attempt
     */
    <T> CompletableFuture<T> executeAsync(SqlCallable<T> action);

    /**
     * {@link #withConnection(SqlFunction)} on the instance's executor.
     *
     * @param work the work; may run more than once
     * @param <T> the result type
     * @return a future of the result; cancelling it stops retrying and cancels the running statement on the server
     */
    <T> CompletableFuture<T> withConnectionAsync(SqlFunction<Connection, T> work);

    /**
     * {@link #inTransaction(TransactionOptions, SqlFunction)} on the instance's executor.
     *
     * @param options read-only or not, isolation level
     * @param work the transaction's body
     * @param <T> the result type
     * @return a future of the result; cancelling it stops retrying and cancels the running statement on the server.
     *     A cancellation noticed before COMMIT is sent rolls the transaction back; once COMMIT is in flight the
     *     transaction may still commit, which a cancelled future cannot report.
     */
    <T> CompletableFuture<T> inTransactionAsync(TransactionOptions options, SqlFunction<Connection, T> work);

    /**
     * {@link #inTransaction(SqlFunction)} on the instance's executor.
     *
     * @param work the transaction's body
     * @param <T> the result type
     * @return a future of the result; see {@link #inTransactionAsync(TransactionOptions, SqlFunction)}
     */
    default <T> CompletableFuture<T> inTransactionAsync(SqlFunction<Connection, T> work) {
        return inTransactionAsync(TransactionOptions.defaults(), work);
    }

    /**
     * @return the breaker's state now; {@link CircuitState#HALF_OPEN} as soon as the break duration has passed, even
     *     before the probe has been let through
     */
    CircuitState circuitState();

    /** Opens the circuit by hand: every call is rejected until {@link #closeCircuit()}. Idempotent. */
    void isolate();

    /** Closes the circuit by hand, from any state, and forgets the sampled outcomes. Idempotent. */
    void closeCircuit();
}
