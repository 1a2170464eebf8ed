package dev.ballast.internal.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.core.BaseConnection;

/**
 * One physical connection and everything the pool knows about it. Ownership rules: the {@link #state} field moves
 * by compare-and-set, and whoever moves an entry out of {@link #IDLE} owns it (a borrower, the maintainer, a
 * dispatcher) until it publishes it again; the plain fields are written only by the owner, and the CAS or the
 * hand-off to a waiter orders those writes before the next owner's reads.
 */
final class PoolEntry {

    /** In the pool, free to take. */
    static final int IDLE = 0;
    /** Borrowed by a caller. */
    static final int IN_USE = 1;
    /** Held by the pool itself: being validated, handed to a waiter, or just created. */
    static final int RESERVED = 2;
    /** Destroyed. */
    static final int REMOVED = 3;

    private static final VarHandle STATE;
    private static final VarHandle ENDED_BORROWS;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PoolEntry.class, "state", int.class);
            ENDED_BORROWS = MethodHandles.lookup().findVarHandle(PoolEntry.class, "endedBorrows", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Pool pool;
    final Connection raw;
    /** The pgjdbc view of {@link #raw}, or {@code null} for another driver. */
    final BaseConnection pg;
    final long createdAt;
    /** When the (jittered) lifetime ends; meaningful only if the pool has a lifetime. */
    final long expiresAt;
    /** The pool's eviction generation when this entry was created; {@code evictAll()} moves the pool's on. */
    final int generation;
    final ConnectionState session = new ConnectionState();
    final StatementList statements = new StatementList();
    /** Index in the pool's slot array, or -1 when unpooled. */
    int slot = -1;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state = RESERVED;
    /**
     * How many borrows of this connection have ended (wrapping). A handle remembers the count it was handed out at,
     * and closing it moves the count on by compare-and-set: exactly one close per borrow wins, whichever threads race,
     * and a stale handle's close can never end a later borrow.
     */
    private int endedBorrows;
    /**
     * When a borrower last returned it (or when it opened): what the idle lifetime, parking and validation on borrow
     * count from. Read from the coarse clock unless the pool times holds (see {@link Checkout}), so it may be up to a
     * tick early; never late.
     */
    long lastUsedAt;
    /**
     * When the maintainer's keepalive last found it alive (or when it opened). Kept apart from {@link #lastUsedAt}:
     * a keepalive check is not a use, and counting it as one kept every idle connection from ever reaching an idle
     * lifetime longer than the keepalive interval.
     */
    long checkedAt;
    long borrowedAt;
    /**
     * Whether this borrow is timed: {@link #borrowedAt} read from the precise clock and the hold reported on return.
     * Always, if the pool times every hold (a listener or leak detection needs them); otherwise, with automatic sizing
     * on, one borrow in {@link Checkout#TUNER_SAMPLE_EVERY} of this connection's, for the tuner's service time.
     * Written and read by the borrower that owns the entry.
     */
    boolean timed;
    /** Borrows of this connection, counted only to pick which are timed for the tuner (owner-written). */
    int borrows;
    Throwable borrowSite;
    volatile boolean leakReported;
    /** Set when the connection raised a fatal error: destroy it on return. */
    boolean broken;

    PoolEntry(Pool pool, Connection raw, BaseConnection pg, long createdAt, long expiresAt, int generation) {
        this.pool = pool;
        this.raw = raw;
        this.pg = pg;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.generation = generation;
        this.lastUsedAt = createdAt;
        this.checkedAt = createdAt;
    }

    int state() {
        return (int) STATE.getAcquire(this);
    }

    boolean compareAndSetState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /** @return how many borrows have ended; read by the owner handing the entry out */
    int endedBorrows() {
        return (int) ENDED_BORROWS.getOpaque(this);
    }

    /**
     * Ends a borrow, once: the caller's handle was handed out when {@code borrow} borrows had ended.
     *
     * @param borrow the count the handle was handed out at
     * @return whether this call ended it (no other close of the same handle did)
     */
    boolean endBorrow(int borrow) {
        return ENDED_BORROWS.compareAndSet(this, borrow, borrow + 1);
    }

    /** @return whether this call removed the entry (it was not removed already) */
    boolean markRemoved() {
        return (int) STATE.getAndSet(this, REMOVED) != REMOVED;
    }

    /** Publishes a new state with release semantics (the owner's earlier writes become visible with it). */
    void releaseState(int next) {
        STATE.setRelease(this, next);
    }

    /** Publishes a new state with full (volatile) ordering: needed before re-checking the waiter queue. */
    void publishState(int next) {
        STATE.setVolatile(this, next);
    }

    /**
     * Notes an error raised through this connection; a fatal one marks the connection broken.
     *
     * @param e the error
     * @return {@code e}, for {@code throw entry.fail(e)}
     */
    SQLException fail(SQLException e) {
        if (!broken && pool.isFatal(e)) {
            broken = true;
            pool.onFatalError(this, e);
        }
        return e;
    }
}
