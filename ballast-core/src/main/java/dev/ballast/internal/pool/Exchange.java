package dev.ballast.internal.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Where connections meet borrowers, without locks: a fixed array of slots holding every open connection (its
 * {@link PoolEntry#state()} says whether it is idle) and a FIFO {@link WaiterQueue} of borrowers.
 *
 * <ul>
 *   <li><b>Take</b>: a borrower scans the slots from a start index derived from its thread (so that concurrent
 *       borrowers mostly touch different connections) and claims an idle entry with one compare-and-set. It only
 *       does so when no one is waiting, so that a newcomer never overtakes a waiter.</li>
 *   <li><b>Offer</b>: a returned (or new, or validated) connection goes straight to the oldest waiter; with no waiter
 *       it becomes idle.</li>
 *   <li><b>No lost wake-up</b>: a waiter enqueues itself <em>then</em> looks for an idle entry; an offerer publishes
 *       the entry as idle <em>then</em> looks for a waiter. Both steps are sequentially consistent, so at least one
 *       side sees the other, and whoever does hands the entry to the oldest waiter.</li>
 * </ul>
 */
final class Exchange {

    private final AtomicReferenceArray<PoolEntry> slots;
    private final WaiterQueue waiters = new WaiterQueue();
    private final AtomicInteger waiting = new AtomicInteger();

    Exchange(int capacity) {
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** @return a start index for this thread's slot scans */
    int hint() {
        return (int) ((Thread.currentThread().getId() & Integer.MAX_VALUE) % slots.length());
    }

    /** Puts a new entry in a free slot; the caller has reserved capacity, so one is free. */
    void register(PoolEntry e) {
        int n = slots.length();
        for (int i = 0;; i = (i + 1) % n) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, e)) {
                e.slot = i;
                return;
            }
        }
    }

    void unregister(PoolEntry e) {
        slots.compareAndSet(e.slot, e, null);
    }

    /** @return the entry in slot {@code i}, or {@code null} */
    PoolEntry slot(int i) {
        return slots.get(i);
    }

    int capacity() {
        return slots.length();
    }

    boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    /** @return how many borrowers are waiting and not yet served */
    int waiting() {
        return Math.max(0, waiting.get());
    }

    /**
     * Claims an idle entry, moving it to {@link PoolEntry#RESERVED}.
     *
     * @param start the slot to start scanning from
     * @return the entry, or {@code null} if none is idle
     */
    PoolEntry takeIdle(int start) {
        return takeIdle(start, PoolEntry.RESERVED);
    }

    /**
     * Claims an idle entry.
     *
     * @param start the slot to start scanning from
     * @param claimed the state to move it to ({@link PoolEntry#RESERVED} or {@link PoolEntry#IN_USE})
     * @return the entry, or {@code null} if none is idle
     */
    PoolEntry takeIdle(int start, int claimed) {
        int n = slots.length();
        int i = start;
        for (int k = 0; k < n; k++) {
            PoolEntry e = slots.get(i);
            if (e != null && e.state() == PoolEntry.IDLE && e.compareAndSetState(PoolEntry.IDLE, claimed)) {
                return e;
            }
            if (++i == n) {
                i = 0;
            }
        }
        return null;
    }

    /**
     * Gives an entry the caller owns to the oldest waiter, or makes it idle if no one waits.
     *
     * @param e an entry in state {@link PoolEntry#RESERVED} (or {@link PoolEntry#IN_USE}) owned by the caller
     */
    void offer(PoolEntry e) {
        for (;;) {
            Waiter w = waiters.poll();
            if (w == null) {
                e.publishState(PoolEntry.IDLE);
                // a waiter may have enqueued after the poll and missed this entry in its own scan: re-check
                if (waiters.isEmpty() || !e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                    return;
                }
                continue;
            }
            e.releaseState(PoolEntry.RESERVED);
            if (w.complete(e)) {
                waiting.decrementAndGet();
                return;
            }
        }
    }

    /**
     * Queues a waiter, then hands any idle entry to the oldest waiter (closing the race with a concurrent offer).
     *
     * @param w the new waiter
     */
    void enqueue(Waiter w) {
        waiters.enqueue(w);
        waiting.incrementAndGet(); // after: once counted, the waiter is in line (a grant may briefly precede this)
        PoolEntry idle = takeIdle(0);
        if (idle != null) {
            offer(idle);
        }
    }

    /**
     * Called by a waiter when it stops waiting, whatever the outcome. (A waiter stops counting as waiting the moment
     * it is completed or cancelled, so that the creator never opens a connection for a waiter already served.)
     */
    void leave(Waiter w) {
        if (w.isCancelled()) {
            waiting.decrementAndGet();
            waiters.pruneCancelled();
        }
    }

    /**
     * Completes every queued waiter with a failure.
     *
     * @param failure the outcome each waiter sees
     */
    void failAll(Object failure) {
        Waiter w;
        while ((w = waiters.poll()) != null) {
            if (w.complete(failure)) {
                waiting.decrementAndGet();
            }
        }
    }

    /** @return how many entries are idle right now */
    int idleCount() {
        int idle = 0;
        for (int i = 0; i < slots.length(); i++) {
            PoolEntry e = slots.get(i);
            if (e != null && e.state() == PoolEntry.IDLE) {
                idle++;
            }
        }
        return idle;
    }
}
