package dev.ballast.internal.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A lock-free FIFO of {@link Waiter}s (Michael and Scott's queue, intrusive: the waiter is the node, so waiting
 * allocates one object). A dequeued node becomes the queue's dummy head. Cancelled waiters are not unlinked from the
 * middle; they are skipped when they reach the head, and a waiter that finishes prunes any finished nodes at the head.
 */
final class WaiterQueue {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(WaiterQueue.class, "head", Waiter.class);
            TAIL = l.findVarHandle(WaiterQueue.class, "tail", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Waiter head;
    private volatile Waiter tail;

    WaiterQueue() {
        Waiter dummy = new Waiter(null, 0);
        head = dummy;
        tail = dummy;
    }

    /** @return whether no waiter is queued (cancelled ones not yet pruned count as queued) */
    boolean isEmpty() {
        return head.next() == null;
    }

    void enqueue(Waiter w) {
        for (;;) {
            Waiter t = tail;
            Waiter n = t.next();
            if (t != tail) {
                continue;
            }
            if (n == null) {
                if (t.casNext(null, w)) {
                    TAIL.compareAndSet(this, t, w);
                    return;
                }
            } else {
                TAIL.compareAndSet(this, t, n);
            }
        }
    }

    /** @return the oldest queued waiter, removed from the queue, or {@code null} if none */
    Waiter poll() {
        for (;;) {
            Waiter h = head;
            Waiter t = tail;
            Waiter first = h.next();
            if (h != head) {
                continue;
            }
            if (first == null) {
                return null;
            }
            if (h == t) {
                TAIL.compareAndSet(this, t, first);
                continue;
            }
            if (HEAD.compareAndSet(this, h, first)) {
                return first;
            }
        }
    }

    /**
     * Removes finished waiters (cancelled, or served by taking an idle connection themselves) from the front of the
     * queue.
     *
     * @return the oldest waiter still waiting, or {@code null} if none
     */
    Waiter firstWaiting() {
        for (;;) {
            Waiter h = head;
            Waiter first = h.next();
            if (first == null || !first.isDone()) {
                return first;
            }
            if (h == tail) {
                TAIL.compareAndSet(this, h, first);
            }
            HEAD.compareAndSet(this, h, first);
        }
    }
}
