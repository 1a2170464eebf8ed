package dev.ballast.http.internal;

/**
 * One second of the pool, as the dashboard charts it. Rates are counts within the second the sample closes.
 *
 * @param epochMillis when the sample was taken (wall clock)
 * @param used connections in use
 * @param idle idle connections
 * @param pending callers waiting for a connection
 * @param max MaxPoolSize
 * @param borrows borrows in the second
 * @param waitP50Millis median borrow wait in the second, in ms (NaN without borrows)
 * @param waitP99Millis 99th percentile borrow wait in the second, in ms (NaN without borrows)
 * @param timeouts borrow timeouts in the second
 * @param opened connections opened in the second
 * @param closed connections closed in the second
 * @param failed failed opens in the second
 * @param retries retries scheduled in the second
 * @param circuit the breaker's state at the sample ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, {@code ISOLATED})
 * @param health the last health status ({@code Healthy}, {@code Degraded}, {@code Unhealthy}, {@code Unknown})
 * @param alerts alerts firing at the sample
 * @param limit the automatic pool sizing's concurrency limit at the sample (EnablePoolAutoTuning), or MaxPoolSize
 *     with tuning off
 */
public record Sample(long epochMillis, int used, int idle, int pending, int max, long borrows, double waitP50Millis,
        double waitP99Millis, long timeouts, long opened, long closed, long failed, long retries, String circuit,
        String health, int alerts, int limit) {}
