package dev.ballast.demo.chaos.replica;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a replica-set chaos run does: how long, how many clients, and when which fault happens.
 *
 * @param duration how long the clients run
 * @param clients how many clients run concurrently
 * @param steps the faults, in time order
 */
public record ReplicaChaosPlan(Duration duration, int clients, List<Step> steps) {

    /**
     * One fault.
     *
     * @param at when, from the start of the load
     * @param fault what
     * @param hold how long it lasts before it is repaired (replay resumed; standby promoted)
     */
    public record Step(Duration at, ReplicaFault fault, Duration hold) {}

    /** Checks the values. */
    public ReplicaChaosPlan {
        Objects.requireNonNull(duration, "duration");
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1, but was " + clients);
        }
        steps = List.copyOf(steps);
    }

    /**
     * The standard plan: a quiet warm-up, a standby lagging, a failover, the remaining standby lagging, and a quiet
     * tail in which the last repair's recovery is seen. Replay stays paused for a quarter of the spacing between faults
     * (at most 5 s); the primary stays dead 1 s before the promotion.
     *
     * @param duration how long the load runs; at least 12 s
     * @param clients concurrent clients
     * @return the plan
     * @throws IllegalArgumentException if {@code duration} is shorter than 12 s
     */
    public static ReplicaChaosPlan standard(Duration duration, int clients) {
        if (duration.compareTo(Duration.ofSeconds(12)) < 0) {
            throw new IllegalArgumentException("a replica chaos run needs at least 12 s for its three faults, but was "
                    + duration.toSeconds() + " s");
        }
        long total = duration.toMillis();
        long warmup = Math.min(5_000, total / 8);
        long tail = Math.min(10_000, Math.max(3_000, total / 5));
        long spacing = (total - warmup - tail) / 3;
        Duration lagHold = Duration.ofMillis(Math.min(5_000, spacing / 2));
        return new ReplicaChaosPlan(duration, clients, List.of(
                new Step(Duration.ofMillis(warmup), ReplicaFault.LAG, lagHold),
                new Step(Duration.ofMillis(warmup + spacing), ReplicaFault.FAILOVER, Duration.ofSeconds(1)),
                new Step(Duration.ofMillis(warmup + 2 * spacing), ReplicaFault.LAG, lagHold)));
    }
}
