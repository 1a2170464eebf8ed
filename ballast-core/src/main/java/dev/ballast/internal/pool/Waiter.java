package dev.ballast.internal.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A borrower waiting for a connection, and its node in the {@link WaiterQueue}. Its result is set exactly once, by
 * compare-and-set from {@code null}: a {@link PoolEntry} (granted), a failure, or {@link #CANCELLED} (the waiter gave
 * up). Whoever wins the CAS decides the outcome, so a grant and a timeout can never both happen.
 */
final class Waiter {

    /** The result of a waiter that gave up (timeout or interrupt). */
    static final Object CANCELLED = new Object();

    private static final VarHandle RESULT;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RESULT = l.findVarHandle(Waiter.class, "result", Object.class);
            NEXT = l.findVarHandle(Waiter.class, "next", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    private volatile Object result;
    private volatile Waiter next;

    Waiter(Thread thread) {
        this.thread = thread;
    }

    Object result() {
        return result;
    }

    /**
     * Completes this waiter and wakes it.
     *
     * @param outcome a {@link PoolEntry} or a failure
     * @return whether this call decided the outcome (otherwise the waiter was already done)
     */
    boolean complete(Object outcome) {
        if (RESULT.compareAndSet(this, null, outcome)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
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
