package dev.ballast.pool;

/**
 * Whether PgBouncer sits between Ballast and PostgreSQL, and in which pool mode (key {@code PgBouncerPoolMode}).
 * It decides what Ballast may keep in a server session: in {@link #TRANSACTION} mode consecutive transactions of one
 * pooled connection run on different server sessions, so Ballast prepares no named server-side statements, sets
 * nothing for the session outside a transaction and resets no server session on return.
 */
public enum PgBouncerPoolMode {
    /** No PgBouncer, or one Ballast need not know about (the default). */
    NONE,
    /** PgBouncer in session mode: a client keeps its server session; behaves as a direct connection. */
    SESSION,
    /**
     * PgBouncer in transaction mode: unnamed statements only ({@code prepareThreshold=0}), no session reset
     * (it would run on whatever server session the bouncer picks), session defaults as start-up parameters.
     */
    TRANSACTION
}
