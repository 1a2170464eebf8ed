package dev.ballast.internal.tuning;

/**
 * The windows measured at each limit value: the latest few per limit (throughput and mean service time, with when
 * each was measured), of which only those younger than the staleness count. From them come each limit's mean and the
 * window-to-window noise the comparisons allow for. Not thread-safe: owned by the {@link ConcurrencyLimit}'s deciding
 * thread, which calls it once per window (a fraction of a second), so it favours plain arrays over speed.
 */
final class LimitTable {

    private final int kept;
    private final long staleNanos;
    private final double[][] rate;
    private final double[][] service;
    private final long[][] measuredAt;
    private final int[] recorded;

    /**
     * @param max the highest limit value
     * @param kept how many of the latest windows are kept per limit
     * @param staleNanos how long a window stays usable
     */
    LimitTable(int max, int kept, long staleNanos) {
        this.kept = kept;
        this.staleNanos = staleNanos;
        this.rate = new double[max + 1][];
        this.service = new double[max + 1][];
        this.measuredAt = new long[max + 1][];
        this.recorded = new int[max + 1];
    }

    void record(int limit, double ratePerSecond, double serviceNanos, long now) {
        if (rate[limit] == null) {
            rate[limit] = new double[kept];
            service[limit] = new double[kept];
            measuredAt[limit] = new long[kept];
        }
        int slot = recorded[limit]++ % kept;
        rate[limit][slot] = ratePerSecond;
        service[limit][slot] = serviceNanos;
        measuredAt[limit][slot] = now;
    }

    /** @return how many fresh windows there are at this limit */
    int windows(int limit, long now) {
        int n = 0;
        for (int i = 0, end = Math.min(kept, recorded[limit]); i < end; i++) {
            if (fresh(limit, i, now)) {
                n++;
            }
        }
        return n;
    }

    /** @return the mean throughput of the fresh windows at this limit ({@code NaN} if none) */
    double rate(int limit, long now) {
        return mean(rate, limit, now);
    }

    /** @return the mean service time of the fresh windows at this limit ({@code NaN} if none) */
    double service(int limit, long now) {
        return mean(service, limit, now);
    }

    /**
     * The window-to-window noise of throughput: the relative standard deviation of a window, pooled over every limit
     * with two or more fresh windows.
     *
     * @return the noise, or {@code NaN} while no limit has two fresh windows
     */
    double noise(long now) {
        double squares = 0;
        int freedom = 0;
        for (int limit = 0; limit < rate.length; limit++) {
            int n = windows(limit, now);
            if (n < 2) {
                continue;
            }
            double mean = rate(limit, now);
            for (int i = 0, end = Math.min(kept, recorded[limit]); i < end; i++) {
                if (fresh(limit, i, now)) {
                    double d = rate[limit][i] / mean - 1;
                    squares += d * d;
                }
            }
            freedom += n - 1;
        }
        return freedom == 0 ? Double.NaN : Math.sqrt(squares / freedom);
    }

    private double mean(double[][] values, int limit, long now) {
        double sum = 0;
        int n = 0;
        for (int i = 0, end = Math.min(kept, recorded[limit]); i < end; i++) {
            if (fresh(limit, i, now)) {
                sum += values[limit][i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private boolean fresh(int limit, int slot, long now) {
        return now - measuredAt[limit][slot] <= staleNanos;
    }
}
