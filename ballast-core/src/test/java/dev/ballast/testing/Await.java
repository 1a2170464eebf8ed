package dev.ballast.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition that another thread will make true, polling; fails the test at a generous deadline. */
public final class Await {

    private Await() {}

    /**
     * @param within the deadline (generous: this is a bound, not a timing assertion)
     * @param condition what to wait for
     * @param what describes the condition, for the failure message
     */
    public static void until(Duration within, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + within + " waiting for " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** As {@link #until(Duration, BooleanSupplier, Supplier)} with a fixed description. */
    public static void until(Duration within, BooleanSupplier condition, String what) {
        until(within, condition, () -> what);
    }
}
