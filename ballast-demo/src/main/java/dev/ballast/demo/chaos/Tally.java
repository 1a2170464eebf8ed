package dev.ballast.demo.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The book of a chaos run: every request's outcome, every acknowledged write (its id and the key the client sent),
 * every write that was not acknowledged, and the fault windows. A request belongs to the window in which it started:
 * the baseline before the first fault, then each fault from its injection to the next one's. Times are
 * {@code System.nanoTime()}-style readings of the run's clock. Thread-safe: clients record concurrently.
 */
public final class Tally {

    /** One acknowledged write: the key the client sent and the id the service returned. */
    public record Ack(UUID key, long id, int window) {}

    /** One write that was sent but not acknowledged, and how it ended. */
    public record Unacked(UUID key, int window, Outcome outcome) {}

    private final List<Window> windows = new CopyOnWriteArrayList<>();
    private final Map<Outcome, LongAdder> totals = new EnumMap<>(Outcome.class);
    private final LongAdder writesAcked = new LongAdder();
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final Queue<Unacked> unacked = new ConcurrentLinkedQueue<>();

    /** @param startNanos the clock reading when the load started (the baseline window opens then) */
    public Tally(long startNanos) {
        for (Outcome o : Outcome.values()) {
            totals.put(o, new LongAdder());
        }
        windows.add(new Window(null, startNanos));
    }

    /**
     * Opens the window of a fault being injected now.
     *
     * @param kind the fault
     * @param nowNanos the clock reading at injection
     * @return the window's index
     */
    public int openWindow(FaultKind kind, long nowNanos) {
        windows.add(new Window(kind, nowNanos));
        return windows.size() - 1;
    }

    /**
     * Notes that a fault was restored (the database is reachable again); recovery is measured from here.
     *
     * @param index the window
     * @param nowNanos the clock reading
     * @param note what the injection reported, e.g. sessions terminated
     */
    public void restored(int index, long nowNanos, String note) {
        Window w = windows.get(index);
        w.note = note;
        w.restoredNanos.set(nowNanos);
    }

    /**
     * Notes that a fault could not be injected or restored.
     *
     * @param index the window
     * @param problem what went wrong
     */
    public void faultFailed(int index, String problem) {
        windows.get(index).note = "FAILED: " + problem;
    }

    /**
     * Records a read (or any request that is not a ticket creation).
     *
     * @param startNanos when it was sent
     * @param outcome how it ended
     */
    public void request(long startNanos, Outcome outcome) {
        totals.get(outcome).increment();
        windowAt(startNanos).count(outcome);
    }

    /**
     * Records a ticket creation.
     *
     * @param startNanos when it was sent
     * @param endNanos when the answer arrived
     * @param key the key the client sent
     * @param outcome how it ended
     * @param id the returned id if {@code outcome} is {@link Outcome#SUCCEEDED}, else ignored
     */
    public void write(long startNanos, long endNanos, UUID key, Outcome outcome, long id) {
        totals.get(outcome).increment();
        int index = windowIndexAt(startNanos);
        Window w = windows.get(index);
        w.count(outcome);
        if (outcome == Outcome.SUCCEEDED) {
            writesAcked.increment();
            w.acked.increment();
            acks.add(new Ack(key, id, index));
            long restored = w.restoredNanos.get();
            if (restored != Long.MIN_VALUE && startNanos >= restored) {
                w.firstWriteAfterRestore.accumulateAndGet(endNanos, Math::min);
            }
        } else {
            unacked.add(new Unacked(key, index, outcome));
        }
    }

    /**
     * @param outcome an outcome
     * @return requests that ended so, over the whole run
     */
    public long total(Outcome outcome) {
        return totals.get(outcome).sum();
    }

    /** @return acknowledged writes so far */
    public long writesAcknowledged() {
        return writesAcked.sum();
    }

    /** @return the acknowledged writes */
    public List<Ack> acks() {
        return new ArrayList<>(acks);
    }

    /** @return the writes that were not acknowledged */
    public List<Unacked> unacked() {
        return new ArrayList<>(unacked);
    }

    /** @return a snapshot of the windows, baseline first */
    public List<WindowStats> windows() {
        List<WindowStats> out = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
            w.counts.forEach((o, n) -> counts.put(o, n.sum()));
            long restored = w.restoredNanos.get();
            long first = w.firstWriteAfterRestore.get();
            Long recovery = restored == Long.MIN_VALUE || first == Long.MAX_VALUE ? null : first - restored;
            Long faultLength = restored == Long.MIN_VALUE ? null : restored - w.startNanos;
            out.add(new WindowStats(i, w.kind, counts, w.acked.sum(), faultLength, recovery, w.note));
        }
        return out;
    }

    /** @return the kind of fault active at the latest window, or null in the baseline */
    public FaultKind currentFault() {
        Window last = windows.get(windows.size() - 1);
        return last.restoredNanos.get() == Long.MIN_VALUE ? last.kind : null;
    }

    private Window windowAt(long nanos) {
        return windows.get(windowIndexAt(nanos));
    }

    private int windowIndexAt(long nanos) {
        for (int i = windows.size() - 1; i > 0; i--) {
            if (nanos - windows.get(i).startNanos >= 0) {
                return i;
            }
        }
        return 0;
    }

    /** A fault window's mutable counters. */
    private static final class Window {
        final FaultKind kind;
        final long startNanos;
        final Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);
        final LongAdder acked = new LongAdder();
        final AtomicLong restoredNanos = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong firstWriteAfterRestore = new AtomicLong(Long.MAX_VALUE);
        volatile String note = "";

        Window(FaultKind kind, long startNanos) {
            this.kind = kind;
            this.startNanos = startNanos;
            for (Outcome o : Outcome.values()) {
                counts.put(o, new LongAdder());
            }
        }

        void count(Outcome outcome) {
            counts.get(outcome).increment();
        }
    }
}
