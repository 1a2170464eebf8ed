package dev.ballast.demo.chaos;

import java.time.Duration;
import java.util.Objects;

/**
 * One fault of a plan.
 *
 * @param at when to inject it, from the start of the load
 * @param kind the fault
 * @param hold how long to keep it before restoring (zero for faults that end by themselves)
 */
public record ScheduledFault(Duration at, FaultKind kind, Duration hold) {
    /** Checks the values. */
    public ScheduledFault {
        Objects.requireNonNull(kind, "kind");
        if (at.isNegative() || hold.isNegative()) {
            throw new IllegalArgumentException("at and hold must not be negative, but were " + at + " and " + hold);
        }
    }
}
