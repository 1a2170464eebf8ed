package dev.ballast.internal.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A borrower waiting for a connection, and its node in the {@link WaiterQueue}. Its result is set exactly once, by
 * compare-and-set from {@code null}: a {@link PoolEntry} (granted), a failure, or {@link #CANCELLED} (the waiter gave
 * up). Whoever wins the CAS decides the outcome, so a grant and a timeout can never both happen.
 *
 * <p>Separately, {@link #wake()} tells a parked waiter to come and look for an idle connection itself (the
 * {@link Exchange}'s barging mode); the {@code woken} flag keeps a waiter that is already awake from being unparked
 * again.
 */
final class Waiter {

    /** The result of a waiter that gave up (timeout or interrupt). */
    static final Object CANCELLED = new Object();

    private static final VarHandle RESULT;
    private static final VarHandle NEXT;
    private static final VarHandle WOKEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RESULT = l.findVarHandle(Waiter.class, "result", Object.class);
            NEXT = l.findVarHandle(Waiter.class, "next", Waiter.class);
            WOKEN = l.findVarHandle(Waiter.class, "woken", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    /** When the waiter queued, from the pool's clock (nanoseconds). */
    final long enqueuedAt;
    private volatile Object result;
    private volatile Waiter next;
    @SuppressWarnings("unused") // accessed through WOKEN
    private volatile boolean woken;

    Waiter(Thread thread, long enqueuedAt) {
        this.thread = thread;
        this.enqueuedAt = enqueuedAt;
    }

    Object result() {
        return result;
    }

    /**
     * Completes this waiter; the caller then updates its counts and {@link #unpark()}s it (in that order, so that the
     * waiter never runs ahead of the counts).
     *
     * @param outcome a {@link PoolEntry} or a failure
     * @return whether this call decided the outcome (otherwise the waiter was already done)
     */
    boolean complete(Object outcome) {
        return RESULT.compareAndSet(this, null, outcome);
    }

    void unpark() {
        LockSupport.unpark(thread);
    }

    /**
     * Completes this waiter from its own thread (it took an idle connection itself): no unpark needed.
     *
     * @param e the entry it claimed
     * @return whether this call decided the outcome
     */
    boolean grantSelf(PoolEntry e) {
        return RESULT.compareAndSet(this, null, e);
    }

    /** Unparks this waiter so that it looks for an idle connection, unless it is already awake. */
    void wake() {
        if (!woken && WOKEN.compareAndSet(this, false, true)) {
            LockSupport.unpark(thread);
        }
    }

    /** Marks this waiter as about to look for a connection; called by its own thread before it looks. */
    void clearWoken() {
        woken = false;
    }

    /** @return whether this waiter has an outcome (granted, failed or cancelled) */
    boolean isDone() {
        return result != null;
    }

    /** @return whether this call cancelled the waiter (otherwise it already had a result) */
    boolean cancel() {
        return RESULT.compareAndSet(this, null, CANCELLED);
    }

    boolean isCancelled() {
        return result == CANCELLED;
    }

    Waiter next() {
        return next;
    }

    boolean casNext(Waiter expected, Waiter update) {
        return NEXT.compareAndSet(this, expected, update);
    }
}
