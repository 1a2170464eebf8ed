package dev.ballast.demo.chaos.replica;

import dev.ballast.demo.chaos.replica.ReplicaTally.Count;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The verdict of a replica-set chaos run. It {@linkplain #passed() passes} when every acknowledged write is on the
 * surviving primary exactly once, no read missed the reader's own acknowledged write, standbys served reads, and
 * every fault was injected and repaired with writes acknowledged again after each failover. Immutable.
 */
public final class ReplicaChaosReport {

    private final ReplicaChaosPlan plan;
    private final List<ReplicaTally.WindowStats> windows;
    private final long acknowledged;
    private final long missing;
    private final long duplicates;
    private final long reads;
    private final long readsOnStandby;
    private final long staleReads;
    private final List<String> problems;

    private ReplicaChaosReport(ReplicaChaosPlan plan, List<ReplicaTally.WindowStats> windows, long acknowledged,
            long missing, long duplicates, long reads, long readsOnStandby, long staleReads, List<String> problems) {
        this.plan = plan;
        this.windows = List.copyOf(windows);
        this.acknowledged = acknowledged;
        this.missing = missing;
        this.duplicates = duplicates;
        this.reads = reads;
        this.readsOnStandby = readsOnStandby;
        this.staleReads = staleReads;
        this.problems = List.copyOf(problems);
    }

    /**
     * @param plan the plan that ran
     * @param tally the run's book
     * @param rowsByKey every row id by key, read from the primary after the load stopped
     * @return the report
     */
    public static ReplicaChaosReport verify(ReplicaChaosPlan plan, ReplicaTally tally,
            Map<UUID, List<Long>> rowsByKey) {
        long acked = 0;
        long missing = 0;
        long duplicates = 0;
        for (ReplicaTally.Ack ack : tally.acks()) {
            acked++;
            List<Long> ids = rowsByKey.getOrDefault(ack.key(), List.of());
            if (!ids.contains(ack.id())) {
                missing++;
            }
            if (ids.size() > 1) {
                duplicates++;
            }
        }
        List<ReplicaTally.WindowStats> windows = tally.windows();
        List<String> problems = new ArrayList<>();
        if (acked == 0) {
            problems.add("no write was acknowledged");
        }
        if (missing > 0) {
            problems.add(missing + " acknowledged write(s) missing on the primary");
        }
        if (duplicates > 0) {
            problems.add(duplicates + " write(s) stored more than once");
        }
        long stale = tally.total(Count.STALE_READS);
        if (stale > 0) {
            problems.add(stale + " stale read(s): a read missed the reader's own acknowledged write");
        }
        long onStandby = tally.total(Count.READS_ON_STANDBY);
        if (onStandby == 0) {
            problems.add("no read was served by a standby");
        }
        Set<ReplicaFault> planned = EnumSet.noneOf(ReplicaFault.class);
        plan.steps().forEach(s -> planned.add(s.fault()));
        Set<ReplicaFault> done = EnumSet.noneOf(ReplicaFault.class);
        for (ReplicaTally.WindowStats w : windows) {
            if (w.fault() == null) {
                continue;
            }
            if (w.faultNanos() == null) {
                problems.add("fault #" + w.index() + " (" + w.fault().label() + ") was not repaired: " + w.note());
            } else {
                done.add(w.fault());
            }
            if (w.fault() == ReplicaFault.FAILOVER && w.writeRecoveryNanos() == null) {
                problems.add("no write was acknowledged after failover #" + w.index());
            }
        }
        if (!done.containsAll(planned)) {
            problems.add("faults planned but not carried out: " + planned.stream().filter(f -> !done.contains(f))
                    .map(ReplicaFault::label).toList());
        }
        return new ReplicaChaosReport(plan, windows, acked, missing, duplicates, tally.total(Count.READS), onStandby,
                stale, problems);
    }

    /** @return whether the run passed (see the class documentation) */
    public boolean passed() {
        return problems.isEmpty();
    }

    /** @return why it did not pass; empty when it did */
    public List<String> problems() {
        return problems;
    }

    /** @return acknowledged writes */
    public long acknowledged() {
        return acknowledged;
    }

    /** @return acknowledged writes not found on the primary */
    public long missing() {
        return missing;
    }

    /** @return acknowledged writes whose key has more than one row */
    public long duplicates() {
        return duplicates;
    }

    /** @return reads that answered */
    public long reads() {
        return reads;
    }

    /** @return reads a standby served */
    public long readsOnStandby() {
        return readsOnStandby;
    }

    /** @return reads that missed the reader's own acknowledged write */
    public long staleReads() {
        return staleReads;
    }

    /** @return the windows, baseline first */
    public List<ReplicaTally.WindowStats> windows() {
        return windows;
    }

    /** @return the tally as text, one line per window, then the totals and the verdict */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Replica-set chaos tally: %d s, %d clients%n", plan.duration().toSeconds(),
                plan.clients()));
        sb.append(String.format(Locale.ROOT, "%-14s %7s %9s %7s %8s %7s %10s %6s %7s %12s %14s  %s%n", "window", "held",
                "writes ok", "failed", "in-doubt", "reads", "on standby", "stale", "r-fail", "writes back",
                "standby reads", "note"));
        for (ReplicaTally.WindowStats w : windows) {
            String name = "#" + w.index() + " " + (w.fault() == null ? "baseline" : w.fault().label());
            sb.append(String.format(Locale.ROOT, "%-14s %7s %9d %7d %8d %7d %10d %6d %7d %12s %14s  %s%n", name,
                    millis(w.faultNanos()), w.count(Count.WRITES_ACKED), w.count(Count.WRITES_FAILED),
                    w.count(Count.WRITES_IN_DOUBT), w.count(Count.READS), w.count(Count.READS_ON_STANDBY),
                    w.count(Count.STALE_READS), w.count(Count.READS_FAILED), millis(w.writeRecoveryNanos()),
                    millis(w.standbyReadRecoveryNanos()), w.note()));
        }
        sb.append(String.format(Locale.ROOT, "writes acknowledged %d, missing %d, duplicates %d; reads %d, served by "
                        + "standbys %d (%.0f %%), stale %d%n", acknowledged, missing, duplicates, reads, readsOnStandby,
                reads == 0 ? 0.0 : 100.0 * readsOnStandby / reads, staleReads));
        sb.append("(held: injection to repair; writes back / standby reads: from the repair to the first acknowledged "
                + "write / standby read sent after it)").append(System.lineSeparator());
        sb.append(passed() ? "PASSED" : "FAILED: " + String.join("; ", problems)).append(System.lineSeparator());
        return sb.toString();
    }

    private static String millis(Long nanos) {
        return nanos == null ? "-" : (nanos / 1_000_000) + " ms";
    }
}
