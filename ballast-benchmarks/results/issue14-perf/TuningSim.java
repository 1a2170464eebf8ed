package dev.ballast.internal.tuning;

import java.util.Random;

/**
 * Issue 14: the tuning algorithm on a modelled server, many seeds, no clock and no database. The server completes
 * X(N) transactions per second at concurrency N = min(limit, clients), given either as a list (X at limits 1, 2, ...,
 * MaxPoolSize, relative) or as the Universal Scalability Law {@code usl:sigma:kappa:max}, X(N) = 1000 N / (1 + sigma (N-1)
 * + kappa N (N-1)). Each 210 ms window is off by two multiplied noises, both first-order autoregressive: a fast one
 * (relative sd CV_FAST, lag-1 correlation RHO_FAST) and a slow drift (CV_SLOW, RHO_SLOW per window). Prints, over
 * windows FROM to TO of every seed: the mean of (true X at the limit in force ÷ the best X), the changes of the limit
 * per window, and how the windows were spread over limits.
 *
 * <p>Arguments: CURVE CV_FAST RHO_FAST CV_SLOW RHO_SLOW CLIENTS SEEDS FROM TO [MIN_POOL_SIZE, default 2].
 * Compile and run against ballast-core's classes (the algorithm is internal): {@code javac -cp
 * ballast-core/target/classes -d /tmp/sim TuningSim.java; java -cp ballast-core/target/classes:/tmp/sim
 * dev.ballast.internal.tuning.TuningSim 0.25,0.49,0.70,0.89,0.95,1.0,0.98,0.955,0.94,0.92 0.1 0.4 0.1 0.995 16 40 150
 * 600}. Output in tuning-sim-noise.txt; the first version of this model (uniform noise, no drift) and its output are in
 * tuning-sim.txt and this file's history.
 */
public final class TuningSim {
    static final long MS = 1_000_000L;
    /**
     * A warm-up: with {@code -Dramp=D:T} throughput starts a fraction D below its level and catches up with a time
     * constant of T windows (default: none).
     */
    static final double RAMP_DEPTH = Double.parseDouble(System.getProperty("ramp", "0:1").split(":")[0]);
    static final double RAMP_WINDOWS = Double.parseDouble(System.getProperty("ramp", "0:1").split(":")[1]);

    public static void main(String[] a) {
        double[] curve;
        if (a[0].startsWith("usl:")) {
            String[] p = a[0].split(":");
            double sigma = Double.parseDouble(p[1]);
            double kappa = Double.parseDouble(p[2]);
            int max = Integer.parseInt(p[3]);
            curve = new double[max + 1];
            for (int n = 1; n <= max; n++) {
                curve[n] = 1000.0 * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
            }
        } else {
            String[] p = a[0].split(",");
            curve = new double[p.length + 1];
            for (int i = 0; i < p.length; i++) {
                curve[i + 1] = 1000 * Double.parseDouble(p[i]);
            }
        }
        int max = curve.length - 1;
        double cvFast = Double.parseDouble(a[1]);
        double rhoFast = Double.parseDouble(a[2]);
        double cvSlow = Double.parseDouble(a[3]);
        double rhoSlow = Double.parseDouble(a[4]);
        int clients = Integer.parseInt(a[5]);
        int seeds = Integer.parseInt(a[6]);
        int from = Integer.parseInt(a[7]);
        int to = Integer.parseInt(a[8]);
        int min = a.length > 9 ? Integer.parseInt(a[9]) : 2;
        double best = 0;
        for (int l = min; l <= max; l++) {
            best = Math.max(best, curve[Math.min(l, clients)]);
        }
        double sum = 0;
        int[] spread = new int[max + 1];
        long changes = 0;
        for (int seed = 0; seed < seeds; seed++) {
            Random random = new Random(seed);
            long now = 1000 * MS;
            ConcurrencyLimit tuner = new ConcurrencyLimit(TuningSettings.defaults(min, max), now, d -> { });
            double fast = 0;
            double slow = 0;
            double kept = 0;
            int previous = tuner.limit();
            for (int w = 0; w < to; w++) {
                fast = rhoFast * fast + Math.sqrt(1 - rhoFast * rhoFast) * cvFast * random.nextGaussian();
                slow = rhoSlow * slow + Math.sqrt(1 - rhoSlow * rhoSlow) * cvSlow * random.nextGaussian();
                int limit = tuner.limit();
                if (w >= from) {
                    changes += limit != previous ? 1 : 0;
                    kept += curve[Math.min(limit, clients)];
                    spread[limit]++;
                }
                previous = limit;
                double rate = curve[Math.min(limit, clients)] * Math.max(0.05, (1 + fast) * (1 + slow))
                        * (1 - RAMP_DEPTH * Math.exp(-(double) w / RAMP_WINDOWS));
                long service = Math.round(Math.min(limit, clients) / rate * 1e9);
                int n = (int) Math.max(25, rate * 0.21);
                long spacing = 210 * MS / n;
                for (int i = 0; i < n; i++) {
                    now += spacing;
                    tuner.onSample(now, service, clients > limit ? clients - limit : 0);
                }
            }
            sum += kept / (to - from) / best;
        }
        StringBuilder windows = new StringBuilder();
        long all = (long) seeds * (to - from);
        for (int l = 1; l <= max; l++) {
            if (spread[l] > 0) {
                windows.append(l).append(':').append(Math.round(100.0 * spread[l] / all)).append("% ");
            }
        }
        System.out.printf("kept %.3f  changes/window %.2f  limits %s%n", sum / seeds, (double) changes / all, windows);
    }
}
