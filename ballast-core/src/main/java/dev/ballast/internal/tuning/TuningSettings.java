package dev.ballast.internal.tuning;

/**
 * The constants of a {@link ConcurrencyLimit}. Validated once here; the algorithm trusts them.
 *
 * @param min the lowest limit (MinPoolSize, at least 1)
 * @param max the highest limit (MaxPoolSize)
 * @param windowNanos the shortest measurement window
 * @param minSamples returned connections a window needs before it closes (unless it has run 20 windows long)
 * @param staleNanos how long a window's measurement stays usable
 * @param serverFullNanos how long the cap set after a "server full" (53300) refusal lasts
 * @param tolerance the relative throughput difference treated as none, split half for a step up and half for a step
 *     down (0.03: a step up must gain more than 1.5 %, a step down lose less than 1.5 %, beyond the noise)
 * @param confidence how many standard errors of the measured noise a difference must clear
 * @param probeWindows measured windows per visit to a neighbour, and at home between visits
 * @param enoughWindows fresh windows at a neighbour after which a difference still inside the noise counts as none
 * @param keptWindows the latest windows kept per limit (at least {@code enoughWindows})
 */
public record TuningSettings(int min, int max, long windowNanos, int minSamples, long staleNanos,
        long serverFullNanos, double tolerance, double confidence, int probeWindows, int enoughWindows,
        int keptWindows) {

    /** Checks the values. */
    public TuningSettings {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("tuning needs 1 <= min <= max, but min was " + min + " and max " + max);
        }
        if (windowNanos <= 0 || minSamples < 1 || staleNanos < windowNanos || serverFullNanos < 0
                || !(tolerance >= 0 && tolerance < 1) || !(confidence >= 0) || probeWindows < 1
                || enoughWindows < 1 || keptWindows < enoughWindows) {
            throw new IllegalArgumentException("invalid tuning settings: window " + windowNanos + " ns, "
                    + minSamples + " samples, stale after " + staleNanos + " ns, server-full cap "
                    + serverFullNanos + " ns, tolerance " + tolerance + ", confidence " + confidence
                    + ", windows per probe " + probeWindows + ", enough " + enoughWindows + ", kept "
                    + keptWindows);
        }
    }

    /**
     * The defaults: 200 ms windows of at least 20 returns; windows usable for 10 s; a 30 s cap after the server refuses
     * connections as full; 3 % tolerance (a real server's throughput has no sharp knee: the limit settles where one
     * step adds less than half the tolerance, so the tolerance is throughput given away; 3 % rather than 2 % because
     * with 5-10 % noise per window a tie within 1 % is seldom shown, and the limit then comes down through a flat
     * region too slowly); differences must clear one standard error of the measured noise; probes of 3 windows, with 3
     * at home between them; a neighbour measured 8 times with no difference beyond the noise is not probed again until
     * those windows expire (or, one step down and no slower, is moved to); the latest 16 windows kept per limit.
     *
     * @param min MinPoolSize (raised to 1 if 0)
     * @param max MaxPoolSize
     * @return the settings
     */
    public static TuningSettings defaults(int min, int max) {
        return new TuningSettings(Math.max(1, min), max, 200_000_000L, 20, 10_000_000_000L, 30_000_000_000L, 0.03,
                1.0, 3, 8, 16);
    }
}
