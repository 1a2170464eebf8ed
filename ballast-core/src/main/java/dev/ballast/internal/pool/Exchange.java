package dev.ballast.internal.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Where connections meet borrowers, without locks: a fixed array of slots holding every open connection (its
 * {@link PoolEntry#state()} says whether it is idle) and a FIFO {@link WaiterQueue} of borrowers.
 *
 * <ul>
 *   <li><b>Take</b>: a borrower first tries the connection its thread returned last (kept in a cell picked by
 *       thread id, not in a {@code ThreadLocal}); failing that it scans the slots from a start index derived from its
 *       thread, among the slots that hold connections (so that concurrent borrowers mostly touch different
 *       connections, also while the pool is below its maximum), and claims an idle entry with one
 *       compare-and-set.</li>
 *   <li><b>Bounded barging</b> (the idea of Go's {@code sync.Mutex} starvation mode): while the oldest waiter has
 *       waited less than the fairness threshold, a returned connection is made idle and the oldest waiter is
 *       <em>woken</em> to come and take it; a running borrower that finds it idle first may take it (no park, no
 *       context switch: this is what keeps a busy pool from turning into a lock convoy). A woken waiter that finds
 *       nothing idle parks again, still first in line.</li>
 *   <li><b>Strict mode</b>: once the oldest waiter has waited the threshold (always, with a zero threshold),
 *       returned connections go straight to the oldest waiter and newcomers may not take idle ones, until no such
 *       waiter is left. Waiters are served in arrival order in both modes: only the oldest one is woken, and only the
 *       oldest one may take an idle connection from the queue.</li>
 *   <li><b>No lost wake-up</b>: a waiter enqueues itself (and, before each look, clears its woken flag)
 *       <em>then</em> looks for an idle entry; an offerer publishes the entry as idle <em>then</em> looks for the
 *       oldest waiter and wakes it. A waiter that stops waiting (served or cancelled) leaves the head <em>then</em>
 *       wakes the next one if something is idle. All these steps are sequentially consistent, so at least one side
 *       of each race sees the other.</li>
 *   <li><b>Parking</b> (EnablePoolAutoTuning): borrowers use only the lowest {@link #limit slots}, as many as the
 *       automatic sizing's concurrency limit. An entry above it is <em>parked</em> when it comes back: open and
 *       idle, handed to no one. When the limit rises again the parked entries serve at once, with no connect (a probe
 *       one step down and back costs no server connection); the {@link Maintainer} closes those parked longer than
 *       {@link Maintainer#PARKED_NANOS}. A returned entry above the limit first moves into a free usable slot if
 *       there is one, so that a closed connection never leaves the pool below its limit while another sits parked.
 *       </li>
 * </ul>
 */
final class Exchange {

    private final AtomicReferenceArray<PoolEntry> slots;
    /** How many slots hold an entry; new entries take the lowest free slot, so these are mostly the lowest ones. */
    private final AtomicInteger registered = new AtomicInteger();
    private final WaiterQueue waiters = new WaiterQueue();
    private final AtomicInteger waiting = new AtomicInteger();
    /** How long the oldest waiter may wait before barging stops; zero: strict FIFO always. */
    private final long fairnessNanos;
    /** How many of the lowest slots borrowers may use (the concurrency limit; all of them with tuning off). */
    private volatile int usable;
    /**
     * Cells indexed by thread id, each holding the entry that a thread hashed to it returned last; see
     * {@link #claimIdle}. One cell every {@link #CELL_SPREAD} elements, so that returns on different cores do not
     * write to one cache line. Written with release and read with acquire semantics ({@link #CELLS}; plain moves on
     * x86), so that a reader sees the entry as its writer did; a cell is only a hint, and the compare-and-set on the
     * entry's state decides.
     */
    private final PoolEntry[] lastReturned;
    private final int cellMask;
    /** Array elements between two cells: 64 bytes with compressed references. */
    private static final int CELL_SPREAD = 16;
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(PoolEntry[].class);

    /**
     * @param capacity the most connections the pool holds
     * @param fairnessNanos the fairness threshold in nanoseconds (zero: strict FIFO hand-off always)
     */
    Exchange(int capacity, long fairnessNanos) {
        this.slots = new AtomicReferenceArray<>(capacity);
        this.fairnessNanos = fairnessNanos;
        this.usable = capacity;
        // twice the capacity, between 16 and 256 cells: threads that share a cell only lose the hint to each other
        int cells = Integer.highestOneBit(Math.min(256, Math.max(16, 2 * capacity)) - 1) << 1;
        this.lastReturned = new PoolEntry[cells * CELL_SPREAD];
        this.cellMask = cells - 1;
    }

    /** @return the calling thread's id, cut to 32 bits (the cells and the hints need no more) */
    private static int threadId() {
        return (int) Thread.currentThread().getId();
    }

    private int cell(int threadId) {
        return (threadId & cellMask) * CELL_SPREAD;
    }

    /**
     * @return a start index for this thread's slot scans, among the slots that hold entries: a pool below its maximum
     *     holds them in the lowest slots, and a scan that started at an empty slot would run on to the first entry,
     *     where all such scans meet (32-bit arithmetic: a 64-bit division costs several times more, on every borrow)
     */
    int hint() {
        return hint(threadId());
    }

    private int hint(int threadId) {
        return (threadId & Integer.MAX_VALUE) % Math.max(1, Math.min(registered.get(), usable));
    }

    /** @return how many of the lowest slots borrowers may use */
    int limit() {
        return usable;
    }

    /**
     * Sets how many of the lowest slots borrowers may use (the automatic sizing's concurrency limit). Entries above a
     * lowered limit park when they come back; after a rise, parked entries move into free usable slots and the oldest
     * waiter is woken to take what is idle.
     *
     * @param limit the new limit (at most the capacity)
     * @param now the caller's clock reading
     */
    void limit(int limit, long now) {
        int before = usable;
        usable = Math.min(limit, slots.length());
        if (limit > before) {
            relocateParked(now);
            wakeNext();
        }
    }

    /**
     * Moves parked idle entries into free usable slots while there are any (after the limit rose, or after a usable
     * entry was closed).
     *
     * @param now the caller's clock reading
     */
    void relocateParked(long now) {
        for (int i = usable; i < slots.length(); i++) {
            PoolEntry e = slots.get(i);
            if (e != null && e.state() == PoolEntry.IDLE && e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                boolean moved = relocate(e);
                offer(e, now); // moved: to the oldest waiter or idle; not moved: parked again
                if (!moved) {
                    return; // no free usable slot
                }
            }
        }
    }

    /**
     * Moves an entry the caller owns from its slot above the limit into a free usable slot. It is briefly in both
     * (owned, so no borrower takes it from either; {@code stats()} may count it twice for that moment).
     *
     * @return whether it moved
     */
    private boolean relocate(PoolEntry e) {
        int n = usable;
        for (int i = 0; i < n; i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, e)) {
                slots.compareAndSet(e.slot, e, null);
                e.slot = i;
                return true;
            }
        }
        return false;
    }

    /** @return whether the entry sits above the limit (the caller owns it, or re-checks after claiming it) */
    boolean parked(PoolEntry e) {
        return e.slot >= usable;
    }

    /** Puts a new entry in a free slot; the caller has reserved capacity, so one is free. */
    void register(PoolEntry e) {
        int n = slots.length();
        for (int i = 0;; i = (i + 1) % n) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, e)) {
                e.slot = i;
                registered.incrementAndGet();
                return;
            }
        }
    }

    void unregister(PoolEntry e) {
        if (slots.compareAndSet(e.slot, e, null)) {
            registered.decrementAndGet();
        }
        for (int i = 0; i < lastReturned.length; i += CELL_SPREAD) { // hold no closed connection
            if (CELLS.getAcquire(lastReturned, i) == e) {
                CELLS.compareAndSet(lastReturned, i, e, null);
            }
        }
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

    /**
     * Whether a running borrower may take an idle entry ahead of any waiters: yes unless the oldest waiter has waited
     * the fairness threshold (with a zero threshold, unless anyone waits at all).
     *
     * @param now the borrower's clock reading
     */
    boolean mayBarge(long now) {
        if (waiters.isEmpty()) {
            return true;
        }
        if (fairnessNanos == 0) {
            return false;
        }
        Waiter first = waiters.firstWaiting();
        return first == null || !starving(first, now);
    }

    private boolean starving(Waiter w, long now) {
        return fairnessNanos == 0 || now - w.enqueuedAt >= fairnessNanos;
    }

    /** @return how many borrowers are waiting and not yet served */
    int waiting() {
        return Math.max(0, waiting.get());
    }

    /**
     * Remembers {@code e} as the entry the calling thread returned last (called by a borrower's thread as it gives the
     * entry back).
     */
    void returnedBy(PoolEntry e) {
        CELLS.setRelease(lastReturned, cell(threadId()), e);
    }

    /** @return the entry the calling thread returned last (or another thread sharing its cell), or {@code null} */
    PoolEntry lastReturned() {
        return lastReturned(threadId());
    }

    private PoolEntry lastReturned(int threadId) {
        return (PoolEntry) CELLS.getAcquire(lastReturned, cell(threadId));
    }

    /**
     * Claims an idle entry for the calling thread: the one it returned last if that is idle, otherwise the first idle
     * one from its {@link #hint}. A thread that loops over borrow and return thus keeps one connection while it can,
     * and with it a warm server session, warm driver buffers and a stable pairing of client thread and server process
     * for the operating system's scheduler. Measured on TPC-B at 64 clients on a pool of 10 (2 cores): 1.12x the
     * throughput with barging mostly allowed (100 ms fairness threshold); within noise at the default 5 ms (1.03x and
     * 0.93x in two sets of runs), where most returned connections go to the oldest waiter instead.
     *
     * @param claimed the state to move it to ({@link PoolEntry#RESERVED} or {@link PoolEntry#IN_USE})
     * @return the entry, or {@code null} if none is idle
     */
    PoolEntry claimIdle(int claimed) {
        int id = threadId(); // once: a miss scans from this thread's hint
        PoolEntry e = lastReturned(id);
        if (e != null && e.state() == PoolEntry.IDLE && e.compareAndSetState(PoolEntry.IDLE, claimed)
                && (!parked(e) || !park(e))) { // parked above a lowered limit: put back, unless the limit rose again
            return e;
        }
        return takeIdle(hint(id), claimed);
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
        int n = usable;
        int i = start < n ? start : 0; // the limit may have come down since the hint
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
     * Claims an idle entry in any slot, parked ones included (for shutdown).
     *
     * @return the entry, moved to {@link PoolEntry#RESERVED}, or {@code null} if none is idle
     */
    PoolEntry takeAnyIdle() {
        for (int i = 0; i < slots.length(); i++) {
            PoolEntry e = slots.get(i);
            if (e != null && e.state() == PoolEntry.IDLE
                    && e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Takes back an entry the caller owns: straight to the oldest waiter if it has waited the fairness threshold,
     * otherwise made idle, waking the oldest waiter to come and take it.
     *
     * @param e an entry in state {@link PoolEntry#RESERVED} (or {@link PoolEntry#IN_USE}) owned by the caller
     * @param now the caller's clock reading
     */
    void offer(PoolEntry e, long now) {
        offer(e, now, false);
    }

    /**
     * Hands a newly opened entry straight to the oldest waiter (it was opened for a waiter, and idle while a waiter
     * wakes up it would look like a still-unserved waiter to the creator), or makes it idle if no one waits.
     *
     * @param e a new entry in state {@link PoolEntry#RESERVED}
     */
    void offerNew(PoolEntry e) {
        offer(e, 0, true);
    }

    private void offer(PoolEntry e, long now, boolean direct) {
        if (e.slot >= usable && !relocate(e) && park(e)) {
            return;
        }
        for (;;) {
            Waiter first = waiters.firstWaiting();
            if (first != null && (direct || starving(first, now))) {
                Waiter w = waiters.poll();
                if (w == null) {
                    continue;
                }
                e.releaseState(PoolEntry.RESERVED);
                if (w.complete(e)) {
                    waiting.decrementAndGet();
                    w.unpark();
                    return;
                }
                continue;
            }
            e.publishState(PoolEntry.IDLE);
            // a waiter may have enqueued (or become the oldest) meanwhile and missed this entry in its own scan
            first = waiters.firstWaiting();
            if (first == null) {
                return;
            }
            if (!direct && !starving(first, now)) {
                first.wake();
                return;
            }
            if (!e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                return; // taken already (the oldest waiter itself, or a borrower that came before it)
            }
        }
    }

    /**
     * Makes an entry above the limit idle without handing it to anyone.
     *
     * @return true if it stays parked (or was taken at once); false if the limit rose meanwhile and the caller owns it
     *     again, to offer it as usual (the raiser may have looked for parked entries before this one was idle)
     */
    private boolean park(PoolEntry e) {
        int slot = e.slot; // read while owned
        e.publishState(PoolEntry.IDLE);
        return slot >= usable || !e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED);
    }

    /** Queues a waiter; it then looks for a connection with {@link #tryTake}. */
    void enqueue(Waiter w) {
        waiters.enqueue(w);
        waiting.incrementAndGet(); // after: once counted, the waiter is in line (a grant may briefly precede this)
    }

    /**
     * Called by a queued waiter each time it is about to park (and after each wake-up): if it is the oldest waiter
     * and a connection is idle, it takes it; if it is not the oldest and one is idle, it wakes the oldest.
     *
     * @return whether the waiter now has an outcome ({@link Waiter#result()})
     */
    boolean tryTake(Waiter w) {
        w.clearWoken(); // before looking: an entry published after this wakes us again
        Waiter first = waiters.firstWaiting();
        if (first == null || w.isDone()) {
            return w.isDone();
        }
        if (first != w) {
            if (idleCount() > 0) {
                first.wake();
            }
            return false;
        }
        PoolEntry e = claimIdle(PoolEntry.RESERVED);
        if (e == null) {
            return false;
        }
        if (w.grantSelf(e)) {
            waiting.decrementAndGet();
            wakeNext();
        } else {
            offer(e, w.enqueuedAt); // served meanwhile (or failed): give the entry back; an old timestamp is safe
        }
        return true;
    }

    /** After a waiter stops waiting: removes it from the head and wakes the next one if anything is idle. */
    private void wakeNext() {
        Waiter first = waiters.firstWaiting();
        if (first != null && idleCount() > 0) {
            first.wake();
        }
    }

    /**
     * Called by a waiter when it stops waiting, whatever the outcome. (A waiter stops counting as waiting the moment
     * it is completed or cancelled, so that the creator never opens a connection for a waiter already served.)
     */
    void leave(Waiter w) {
        if (w.isCancelled()) {
            waiting.decrementAndGet();
            wakeNext();
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
                w.unpark();
            }
        }
    }

    /** @return how many entries borrowers may take are idle right now (parked ones not counted) */
    int idleCount() {
        int idle = 0;
        int n = usable;
        for (int i = 0; i < n; i++) {
            PoolEntry e = slots.get(i);
            if (e != null && e.state() == PoolEntry.IDLE) {
                idle++;
            }
        }
        return idle;
    }
}
