package dev.ballast.benchmarks.report;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in nanoseconds, reported in microseconds.
 *
 * @param count how many values were recorded
 * @param p50Micros the median
 * @param p99Micros the 99th percentile
 * @param p999Micros the 99.9th percentile
 * @param maxMicros the largest value
 * @param meanMicros the mean
 */
public record LatencySummary(
        long count, double p50Micros, double p99Micros, double p999Micros, double maxMicros, double meanMicros) {

    /**
     * @param nanos a histogram of nanosecond values
     * @return its summary
     */
    public static LatencySummary of(Histogram nanos) {
        return new LatencySummary(
                nanos.getTotalCount(),
                micros(nanos.getValueAtPercentile(50)),
                micros(nanos.getValueAtPercentile(99)),
                micros(nanos.getValueAtPercentile(99.9)),
                micros(nanos.getMaxValue()),
                nanos.getTotalCount() == 0 ? 0 : nanos.getMean() / 1_000.0);
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }
}
