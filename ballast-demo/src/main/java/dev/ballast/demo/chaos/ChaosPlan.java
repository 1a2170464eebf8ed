package dev.ballast.demo.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a chaos run does: how long the load runs, how many clients, and when which fault happens. Faults run one
 * after another; one whose time comes while the previous is still being held or restored waits for it.
 *
 * @param duration how long the clients send requests
 * @param clients how many clients send requests concurrently
 * @param faults the faults, in order of {@link ScheduledFault#at()}
 */
public record ChaosPlan(Duration duration, int clients, List<ScheduledFault> faults) {

    /** Below this spacing per fault, holds shrink so that every fault still fits. */
    static final Duration COMFORTABLE_SPACING = Duration.ofSeconds(12);

    /** Checks the values. */
    public ChaosPlan {
        Objects.requireNonNull(duration, "duration");
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1, but was " + clients);
        }
        faults = List.copyOf(faults);
        for (int i = 1; i < faults.size(); i++) {
            if (faults.get(i).at().compareTo(faults.get(i - 1).at()) < 0) {
                throw new IllegalArgumentException("faults must be in time order");
            }
        }
    }

    /**
     * The standard plan: a quiet warm-up (an eighth of the run, at most 5 s), then every fault kind in turn
     * ({@code stop}, {@code crash}, {@code terminate}, {@code partition}), repeated as often as fits with about
     * 12 s per fault, spread evenly, and a quiet tail so the last fault's recovery is seen. A stopped server is held
     * down 2 s and a partition 3 s (less in runs too short for that).
     *
     * @param duration how long the load runs; at least 8 s, so that each kind fits once
     * @param clients concurrent clients
     * @return the plan
     * @throws IllegalArgumentException if {@code duration} is shorter than 8 s
     */
    public static ChaosPlan standard(Duration duration, int clients) {
        if (duration.compareTo(Duration.ofSeconds(8)) < 0) {
            throw new IllegalArgumentException("a chaos run needs at least 8 s for its four faults, but was "
                    + duration.toSeconds() + " s");
        }
        FaultKind[] kinds = FaultKind.values();
        long total = duration.toMillis();
        long warmup = Math.min(5_000, total / 8);
        long tail = Math.min(8_000, Math.max(2_000, total / 6));
        long window = total - warmup - tail;
        int count = (int) Math.max(kinds.length,
                (window / COMFORTABLE_SPACING.toMillis()) / kinds.length * kinds.length);
        long spacing = window / count;
        boolean roomy = spacing >= COMFORTABLE_SPACING.toMillis() / 2;
        Duration stopHold = Duration.ofMillis(roomy ? 2_000 : 1_000);
        Duration partitionHold = Duration.ofMillis(roomy ? 3_000 : 1_500);
        List<ScheduledFault> faults = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FaultKind kind = kinds[i % kinds.length];
            Duration hold = kind == FaultKind.STOP ? stopHold
                    : kind == FaultKind.PARTITION ? partitionHold : Duration.ZERO;
            faults.add(new ScheduledFault(Duration.ofMillis(warmup + i * spacing), kind, hold));
        }
        return new ChaosPlan(duration, clients, faults);
    }
}
