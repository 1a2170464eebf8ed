package dev.ballast.internal.topology;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound on how many connections are opened per second to one host: up to {@code perSecond} at once, then one every
 * {@code 1/perSecond} seconds (a generic cell-rate algorithm, lock-free). Time is an argument. Thread-safe.
 */
final class ConnectRate {

    private static final long SECOND = 1_000_000_000L;

    private final long interval;
    private final long tolerance;
    private final AtomicLong theoretical = new AtomicLong(Long.MIN_VALUE);

    /** @param perSecond connections per second, at least 1 */
    ConnectRate(int perSecond) {
        this.interval = SECOND / perSecond;
        this.tolerance = SECOND - interval;
    }

    /**
     * Reserves the next opening.
     *
     * @param now the time
     * @return how long to wait before opening, in nanoseconds; 0 for at once
     */
    long reserve(long now) {
        for (;;) {
            long tat = theoretical.get();
            long base = tat == Long.MIN_VALUE ? now : Math.max(tat, now);
            if (theoretical.compareAndSet(tat, base + interval)) {
                return Math.max(0, base - tolerance - now);
            }
        }
    }
}
