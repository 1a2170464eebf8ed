package dev.ballast.demo.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The verdict of a chaos run: the tally per window, checked against the rows in the database. A run
 * {@linkplain #passed() passes} when every acknowledged write is in the database exactly once and no write the
 * service reported as failed with a 503 was committed anyway (a client would retry it and write it twice).
 * Immutable.
 */
public final class ChaosReport {

    /**
     * The verification of one window.
     *
     * @param stats the window's counters
     * @param found acknowledged writes of the window found in the database
     * @param duplicates acknowledged writes of the window whose key has more than one row
     */
    public record Row(WindowStats stats, long found, long duplicates) {}

    private final ChaosPlan plan;
    private final List<Row> rows;
    private final long acknowledged;
    private final long found;
    private final long missing;
    private final long duplicates;
    private final Map<Outcome, Long> unackedCommitted;
    private final long unacked;
    private final Map<Outcome, Long> totals;
    private final List<String> anomalies;

    private ChaosReport(ChaosPlan plan, List<Row> rows, long acknowledged, long found, long missing, long duplicates,
            Map<Outcome, Long> unackedCommitted, long unacked, Map<Outcome, Long> totals, List<String> anomalies) {
        this.anomalies = List.copyOf(anomalies);
        this.plan = plan;
        this.rows = List.copyOf(rows);
        this.acknowledged = acknowledged;
        this.found = found;
        this.missing = missing;
        this.duplicates = duplicates;
        this.unackedCommitted = unackedCommitted;
        this.unacked = unacked;
        this.totals = totals;
    }

    /**
     * Checks the tally against the database's rows.
     *
     * @param plan the plan that ran
     * @param tally the run's book
     * @param rowsByKey every ticket id by request key, read after the load stopped
     * @return the report
     */
    public static ChaosReport verify(ChaosPlan plan, Tally tally, Map<UUID, List<Long>> rowsByKey) {
        List<WindowStats> windows = tally.windows();
        long[] foundPerWindow = new long[windows.size()];
        long[] dupPerWindow = new long[windows.size()];
        long acked = 0;
        long found = 0;
        long duplicates = 0;
        List<String> anomalies = new ArrayList<>();
        Map<Long, UUID> keyOfId = null;
        for (Tally.Ack ack : tally.acks()) {
            acked++;
            List<Long> ids = rowsByKey.getOrDefault(ack.key(), List.of());
            if (ids.contains(ack.id())) {
                found++;
                foundPerWindow[ack.window()]++;
            } else {
                if (keyOfId == null) {
                    keyOfId = new HashMap<>();
                    for (Map.Entry<UUID, List<Long>> e : rowsByKey.entrySet()) {
                        for (Long id : e.getValue()) {
                            keyOfId.put(id, e.getKey());
                        }
                    }
                }
                UUID holder = keyOfId.get(ack.id());
                note(anomalies, "MISSING   key " + ack.key() + " acknowledged as id " + ack.id() + " (window #"
                        + ack.window() + "); rows with this key: " + (ids.isEmpty() ? "none" : ids)
                        + "; id " + ack.id() + (holder == null ? " does not exist" : " holds key " + holder));
            }
            if (ids.size() > 1) {
                duplicates++;
                dupPerWindow[ack.window()]++;
                note(anomalies, "DUPLICATE key " + ack.key() + " acknowledged as id " + ack.id() + " (window #"
                        + ack.window() + "); rows with this key: " + ids);
            }
        }
        Map<Outcome, Long> committed = new EnumMap<>(Outcome.class);
        long unacked = 0;
        for (Tally.Unacked u : tally.unacked()) {
            unacked++;
            List<Long> ids = rowsByKey.getOrDefault(u.key(), List.of());
            if (!ids.isEmpty()) {
                committed.merge(u.outcome(), 1L, Long::sum);
            }
            if (ids.size() > 1) {
                duplicates++;
                dupPerWindow[u.window()]++;
                note(anomalies, "DUPLICATE key " + u.key() + " not acknowledged (" + u.outcome() + ", window #"
                        + u.window() + "); rows with this key: " + ids);
            } else if (!ids.isEmpty() && (u.outcome() == Outcome.FAILED_FAST || u.outcome() == Outcome.UNAVAILABLE)) {
                note(anomalies, "COMMITTED key " + u.key() + " was answered 503 (" + u.outcome() + ", window #"
                        + u.window() + ") but has row " + ids);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (WindowStats w : windows) {
            rows.add(new Row(w, foundPerWindow[w.index()], dupPerWindow[w.index()]));
        }
        Map<Outcome, Long> totals = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            totals.put(o, tally.total(o));
        }
        return new ChaosReport(plan, rows, acked, found, acked - found, duplicates, committed, unacked, totals,
                anomalies);
    }

    /** At most this many anomalies are listed. */
    static final int MAX_ANOMALIES = 20;

    private static void note(List<String> anomalies, String line) {
        if (anomalies.size() < MAX_ANOMALIES) {
            anomalies.add(line);
        }
    }

    /** @return what failed verification, one line per write (at most {@value #MAX_ANOMALIES}) */
    public List<String> anomalies() {
        return anomalies;
    }

    /** @return whether no acknowledged write is missing or duplicated and no 503'd write was committed */
    public boolean passed() {
        return missing == 0 && duplicates == 0 && failedButCommitted() == 0;
    }

    /** @return the windows with their verification, baseline first */
    public List<Row> rows() {
        return rows;
    }

    /** @return writes acknowledged with 201 */
    public long acknowledged() {
        return acknowledged;
    }

    /** @return acknowledged writes whose row (same key, same id) is in the database */
    public long found() {
        return found;
    }

    /** @return acknowledged writes not in the database */
    public long missing() {
        return missing;
    }

    /** @return writes (acknowledged or not) whose key has more than one row */
    public long duplicates() {
        return duplicates;
    }

    /** @return writes answered with 503 (fast or not) whose row was committed anyway */
    public long failedButCommitted() {
        return unackedCommitted.getOrDefault(Outcome.FAILED_FAST, 0L)
                + unackedCommitted.getOrDefault(Outcome.UNAVAILABLE, 0L);
    }

    /**
     * @param outcome an outcome
     * @return requests with it over the run
     */
    public long total(Outcome outcome) {
        return totals.getOrDefault(outcome, 0L);
    }

    /** @return the fault kinds that were injected and restored */
    public Set<FaultKind> faultsInjected() {
        Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        for (Row r : rows) {
            if (r.stats().kind() != null && r.stats().faultNanos() != null
                    && !r.stats().note().startsWith("FAILED")) {
                kinds.add(r.stats().kind());
            }
        }
        return kinds;
    }

    /** @return the tally as a table, with the verdict on the last line */
    public String format() {
        StringBuilder sb = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-24s %8s %9s %6s %6s %6s %6s %7s %7s %5s %8s %9s  %s",
                "window", "requests", "succeeded", "fast", "503", "doubt", "errors", "acked", "found", "dups",
                "fault", "recovery", "note");
        sb.append(header).append('\n').append("-".repeat(header.length())).append('\n');
        for (Row r : rows) {
            WindowStats w = r.stats();
            String name = w.kind() == null ? "baseline" : "#" + w.index() + " " + w.kind().label();
            sb.append(String.format(Locale.ROOT, "%-24s %8d %9d %6d %6d %6d %6d %7d %7d %5d %8s %9s  %s%n",
                    name, w.requests(), w.count(Outcome.SUCCEEDED), w.count(Outcome.FAILED_FAST),
                    w.count(Outcome.UNAVAILABLE), w.count(Outcome.IN_DOUBT), w.count(Outcome.ERROR),
                    w.writesAcknowledged(), r.found(), r.duplicates(),
                    w.kind() == null ? "" : seconds(w.faultNanos()),
                    w.kind() == null ? "" : seconds(w.recoveryNanos()), w.note()));
        }
        long requests = totals.values().stream().mapToLong(Long::longValue).sum();
        sb.append("-".repeat(header.length())).append('\n');
        sb.append(String.format(Locale.ROOT, "%-24s %8d %9d %6d %6d %6d %6d %7d %7d %5d%n", "total", requests,
                total(Outcome.SUCCEEDED), total(Outcome.FAILED_FAST), total(Outcome.UNAVAILABLE),
                total(Outcome.IN_DOUBT), total(Outcome.ERROR), acknowledged, found, duplicates));
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "Writes acknowledged: %d   found in the database: %d   missing: %d   "
                + "duplicated: %d%n", acknowledged, found, missing, duplicates));
        sb.append(String.format(Locale.ROOT, "Writes not acknowledged: %d (committed anyway: %d in doubt, %d client "
                + "errors/timeouts, %d answered 503)%n", unacked, unackedCommitted.getOrDefault(Outcome.IN_DOUBT, 0L),
                unackedCommitted.getOrDefault(Outcome.ERROR, 0L), failedButCommitted()));
        for (String a : anomalies) {
            sb.append("  ").append(a).append('\n');
        }
        sb.append(passed()
                ? "RESULT: PASS - every acknowledged write is in the database exactly once."
                : "RESULT: FAIL - " + missing + " acknowledged write(s) missing, " + duplicates + " duplicated, "
                        + failedButCommitted() + " answered 503 but committed.");
        sb.append('\n');
        return sb.toString();
    }

    private static String seconds(Long nanos) {
        return nanos == null ? "-" : String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }

    /** @return the plan that ran */
    public ChaosPlan plan() {
        return plan;
    }
}
