package dev.ballast.internal.tuning;

/**
 * Throughput and mean service time measured at each limit value, with when they were measured. A new measurement at
 * a limit whose previous one is still fresh is averaged with it (halving the noise of a single window); a stale one is
 * replaced. Not thread-safe: owned by the {@link ConcurrencyLimit}'s deciding thread.
 */
final class LimitTable {

    private final double[] rate;
    private final double[] service;
    private final long[] measuredAt;
    private final boolean[] measured;
    private final long staleNanos;

    /**
     * @param max the highest limit value
     * @param staleNanos how long a measurement stays fresh
     */
    LimitTable(int max, long staleNanos) {
        this.rate = new double[max + 1];
        this.service = new double[max + 1];
        this.measuredAt = new long[max + 1];
        this.measured = new boolean[max + 1];
        this.staleNanos = staleNanos;
    }

    void record(int limit, double ratePerSecond, double serviceNanos, long now) {
        if (fresh(limit, now)) {
            rate[limit] = (rate[limit] + ratePerSecond) / 2;
            service[limit] = (service[limit] + serviceNanos) / 2;
        } else {
            rate[limit] = ratePerSecond;
            service[limit] = serviceNanos;
        }
        measuredAt[limit] = now;
        measured[limit] = true;
    }

    boolean fresh(int limit, long now) {
        return measured[limit] && now - measuredAt[limit] <= staleNanos;
    }

    double rate(int limit) {
        return rate[limit];
    }

    double service(int limit) {
        return service[limit];
    }
}
