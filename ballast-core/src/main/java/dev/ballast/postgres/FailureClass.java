package dev.ballast.postgres;

/**
 * What a failure means for the three decisions Ballast takes about it: whether the work is <em>retried</em>,
 * whether the circuit breaker <em>counts</em> it as a failure (everything it does not count is a success, as in
 * Polly), and whether the connection that raised it is <em>evicted</em> from the pool.
 *
 * <p>{@link SqlStateClassifier} maps every failure onto exactly one constant. Immutable and thread-safe.
 */
public enum FailureClass {
    /** The server answered and the answer will not change on replay (constraint violation, syntax, cancel, ...). */
    PERMANENT(false, false, false),
    /** The server is short of a resource (connections, memory, disk) or hit an I/O error: retry later. */
    TRANSIENT(true, true, false),
    /**
     * A serialization failure or deadlock: the server is healthy and rolled the transaction back so that a replay
     * can succeed. Retried, but not counted by the breaker: contention is not an outage, and opening the circuit
     * would turn a contention spike into one.
     */
    CONTENTION(true, false, false),
    /** The connection is broken or the server is going away (class 08, shutdown, I/O failure): retry elsewhere. */
    CONNECTION_LOST(true, true, true),
    /**
     * The server ended this session (an administrator's {@code pg_terminate_backend}, a shutdown or crash restart
     * announced to every backend, an idle timeout): retried on a new connection, but not counted by the breaker. A
     * terminated session says nothing about whether new ones work: after a mass termination they do, and opening
     * the circuit would make an outage out of it. When the server really is going away, the reconnect attempts
     * fail with counted codes (08001, 57P03).
     */
    SESSION_TERMINATED(true, false, true),
    /**
     * The server is (now) read-only — a standby or a demoted primary, typically after a failover: reconnect and
     * retry. The table never yields it for SQLSTATE 25006 alone (see {@link #READ_ONLY_TRANSACTION}); the resilience
     * engine reports it, with {@link dev.ballast.resilience.ReadOnlyServerException}, once it has asked the server.
     */
    READ_ONLY_SERVER(true, true, true),
    /**
     * A write inside a transaction that was declared read-only ({@code Connection.setReadOnly(true)},
     * {@code SET TRANSACTION READ ONLY}) on a writable server: the caller's bug, thrown at once, not counted, the
     * connection kept. The resilience engine asks the server whether it is itself read-only before it decides: if
     * so the failure is {@link #READ_ONLY_SERVER}.
     */
    READ_ONLY_TRANSACTION(false, false, false),
    /** The connection died while a commit was in flight and its outcome could not be determined: never replayed. */
    COMMIT_UNKNOWN(false, true, true),
    /** The statement failed for good and the session is no longer trustworthy: evict, do not retry. */
    CONNECTION_UNUSABLE(false, false, true);

    private final boolean retry;
    private final boolean countsForBreaker;
    private final boolean evictsConnection;

    FailureClass(boolean retry, boolean countsForBreaker, boolean evictsConnection) {
        this.retry = retry;
        this.countsForBreaker = countsForBreaker;
        this.evictsConnection = evictsConnection;
    }

    /** @return whether the work that failed this way may be replayed */
    public boolean retry() {
        return retry;
    }

    /** @return whether the circuit breaker counts this failure (if not, the call counts as a success) */
    public boolean countsForBreaker() {
        return countsForBreaker;
    }

    /** @return whether the connection that raised this failure must be destroyed rather than reused */
    public boolean evictsConnection() {
        return evictsConnection;
    }
}
