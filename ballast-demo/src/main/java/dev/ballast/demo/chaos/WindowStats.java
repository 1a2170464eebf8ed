package dev.ballast.demo.chaos;

import java.util.Map;

/**
 * What happened in one window of a chaos run.
 *
 * @param index 0 for the baseline, then one per fault
 * @param kind the fault, or null for the baseline
 * @param outcomes requests started in the window, by outcome
 * @param writesAcknowledged ticket creations started in the window and acknowledged
 * @param faultNanos from injection to restoration, or null if not restored (or the baseline)
 * @param recoveryNanos from restoration to the first acknowledgement of a write sent after it, or null if none came
 *     before the window closed
 * @param note what the injection reported, or why it failed
 */
public record WindowStats(int index, FaultKind kind, Map<Outcome, Long> outcomes, long writesAcknowledged,
        Long faultNanos, Long recoveryNanos, String note) {

    /** @return every request started in the window */
    public long requests() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @param outcome an outcome
     * @return requests with that outcome
     */
    public long count(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }
}
