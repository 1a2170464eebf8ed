package dev.ballast.demo.chaos.replica;

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
 * The book of a replica-set chaos run: per window (the baseline, then one per fault, each from its injection to the
 * next), what writes and reads did; every acknowledged write's key and id; every read that missed a write it was
 * promised. A request belongs to the window in which it started. Times are readings of the run's monotonic clock.
 * Thread-safe: clients record concurrently.
 */
public final class ReplicaTally {

    /** What is counted per window. */
    public enum Count {
        /** Writes acknowledged. */
        WRITES_ACKED,
        /** Writes that failed (not committed, as far as the client was told). */
        WRITES_FAILED,
        /** Writes whose commit outcome was reported unknown. */
        WRITES_IN_DOUBT,
        /** Reads that answered (own-write reads and plain reads). */
        READS,
        /** Of those, reads a standby served. */
        READS_ON_STANDBY,
        /** Reads of the reader's own acknowledged write that did not find it. */
        STALE_READS,
        /** Reads that failed. */
        READS_FAILED
    }

    /** One acknowledged write. */
    public record Ack(UUID key, long id, int window) {}

    /**
     * One window's counters, as a snapshot.
     *
     * @param index 0 for the baseline, then one per fault
     * @param fault the fault, or null for the baseline
     * @param counts the counters
     * @param faultNanos from injection to repair, or null if not repaired
     * @param writeRecoveryNanos from the repair to the first acknowledged write sent after it, or null
     * @param standbyReadRecoveryNanos from the repair to the first standby read sent after it, or null
     * @param note what the injection and repair reported
     */
    public record WindowStats(int index, ReplicaFault fault, Map<Count, Long> counts, Long faultNanos,
            Long writeRecoveryNanos, Long standbyReadRecoveryNanos, String note) {
        /**
         * @param count a counter
         * @return its value
         */
        public long count(Count count) {
            return counts.getOrDefault(count, 0L);
        }
    }

    private final List<Window> windows = new CopyOnWriteArrayList<>();
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();

    /** @param startNanos when the load started (the baseline window opens then) */
    public ReplicaTally(long startNanos) {
        windows.add(new Window(null, startNanos));
    }

    /**
     * @param fault the fault being injected now
     * @param nowNanos the clock reading
     * @return the new window's index
     */
    public int openWindow(ReplicaFault fault, long nowNanos) {
        windows.add(new Window(fault, nowNanos));
        return windows.size() - 1;
    }

    /**
     * @param index the window
     * @param nowNanos when the fault was repaired; recovery is measured from here
     * @param note what injection and repair reported
     */
    public void repaired(int index, long nowNanos, String note) {
        Window w = windows.get(index);
        w.note = note;
        w.repairedNanos.set(nowNanos);
    }

    /**
     * @param index the window
     * @param problem why the fault could not be injected or repaired
     */
    public void faultFailed(int index, String problem) {
        windows.get(index).note = "FAILED: " + problem;
    }

    /**
     * @param startNanos when the write was sent
     * @param endNanos when it was acknowledged
     * @param key its key
     * @param id the id the database gave it
     */
    public void writeAcked(long startNanos, long endNanos, UUID key, long id) {
        int index = indexAt(startNanos);
        Window w = windows.get(index);
        w.add(Count.WRITES_ACKED);
        acks.add(new Ack(key, id, index));
        long repaired = w.repairedNanos.get();
        if (repaired != Long.MIN_VALUE && startNanos - repaired >= 0) {
            w.firstWriteAfterRepair.accumulateAndGet(endNanos, Math::min);
        }
    }

    /**
     * @param startNanos when the write was sent
     * @param inDoubt whether its commit outcome was reported unknown (else it failed)
     */
    public void writeFailed(long startNanos, boolean inDoubt) {
        windows.get(indexAt(startNanos)).add(inDoubt ? Count.WRITES_IN_DOUBT : Count.WRITES_FAILED);
    }

    /**
     * @param startNanos when the read was sent
     * @param endNanos when it answered
     * @param read what it saw
     * @param promised whether the reader was promised the row (its own acknowledged write)
     */
    public void read(long startNanos, long endNanos, ReplicaClient.Read read, boolean promised) {
        Window w = windows.get(indexAt(startNanos));
        w.add(Count.READS);
        if (read.onStandby()) {
            w.add(Count.READS_ON_STANDBY);
            long repaired = w.repairedNanos.get();
            if (repaired != Long.MIN_VALUE && startNanos - repaired >= 0) {
                w.firstStandbyReadAfterRepair.accumulateAndGet(endNanos, Math::min);
            }
        }
        if (promised && !read.found()) {
            w.add(Count.STALE_READS);
        }
    }

    /** @param startNanos when the failed read was sent */
    public void readFailed(long startNanos) {
        windows.get(indexAt(startNanos)).add(Count.READS_FAILED);
    }

    /**
     * @param count a counter
     * @return its sum over every window
     */
    public long total(Count count) {
        long sum = 0;
        for (Window w : windows) {
            sum += w.counts.get(count).sum();
        }
        return sum;
    }

    /** @return the acknowledged writes */
    public List<Ack> acks() {
        return new ArrayList<>(acks);
    }

    /** @return the fault being held now, or null */
    public ReplicaFault currentFault() {
        Window last = windows.get(windows.size() - 1);
        return last.repairedNanos.get() == Long.MIN_VALUE ? last.fault : null;
    }

    /** @return a snapshot of every window, baseline first */
    public List<WindowStats> windows() {
        List<WindowStats> out = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            Map<Count, Long> counts = new EnumMap<>(Count.class);
            w.counts.forEach((c, n) -> counts.put(c, n.sum()));
            long repaired = w.repairedNanos.get();
            boolean done = repaired != Long.MIN_VALUE;
            out.add(new WindowStats(i, w.fault, counts, done ? repaired - w.startNanos : null,
                    since(w.firstWriteAfterRepair.get(), repaired, done),
                    since(w.firstStandbyReadAfterRepair.get(), repaired, done), w.note));
        }
        return out;
    }

    private static Long since(long first, long repaired, boolean done) {
        return !done || first == Long.MAX_VALUE ? null : first - repaired;
    }

    private int indexAt(long nanos) {
        for (int i = windows.size() - 1; i > 0; i--) {
            if (nanos - windows.get(i).startNanos >= 0) {
                return i;
            }
        }
        return 0;
    }

    private static final class Window {
        final ReplicaFault fault;
        final long startNanos;
        final Map<Count, LongAdder> counts = new EnumMap<>(Count.class);
        final AtomicLong repairedNanos = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong firstWriteAfterRepair = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong firstStandbyReadAfterRepair = new AtomicLong(Long.MAX_VALUE);
        volatile String note = "";

        Window(ReplicaFault fault, long startNanos) {
            this.fault = fault;
            this.startNanos = startNanos;
            for (Count c : Count.values()) {
                counts.put(c, new LongAdder());
            }
        }

        void add(Count c) {
            counts.get(c).increment();
        }
    }
}
