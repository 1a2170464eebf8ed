package dev.ballast.internal.tuning;

import java.util.Arrays;
import java.util.Random;

/**
 * The tuning algorithm on a modelled server that serialises the work (as PoolAutoTuningTest's real one does: every
 * transaction takes the same advisory lock): throughput is flat at 350/s whatever the limit, and each connection beyond
 * one only queues inside the server. MinPoolSize 1, MaxPoolSize 16, 24 clients, start at 8. Each 210 ms window is off by
 * a fast first-order autoregressive noise (relative sd CV_FAST, lag-1 correlation RHO_FAST) times a slow drift (CV_SLOW,
 * 0.995 per window). Prints, over SEEDS seeds, how many windows it took until the limit had stayed at 4 or below for 15
 * windows (PoolAutoTuningTest's condition; MAX_VALUE: not within 3,000), how many seeds took longer than LIMIT_WINDOWS,
 * and how many moves of home went up and down.
 *
 * <p>Arguments: CV_FAST RHO_FAST CV_SLOW SEEDS LIMIT_WINDOWS. Compile and run as TuningSim (beside this file). Output in
 * settle-sim.txt.
 */
public final class SettleSim {
    static final long MS = 1_000_000L;
    public static void main(String[] a) {
        double cvFast = Double.parseDouble(a[0]);
        double rhoFast = Double.parseDouble(a[1]);
        double cvSlow = Double.parseDouble(a[2]);
        int seeds = Integer.parseInt(a[3]);
        int max = 16, min = 1, clients = 24, bound = 4, run = 15, limitWindows = Integer.parseInt(a[4]);
        int[] took = new int[seeds];
        long[] ups = {0}, downs = {0};
        for (int seed = 0; seed < seeds; seed++) {
            Random random = new Random(seed);
            long now = 1000 * MS;
            ConcurrencyLimit tuner = new ConcurrencyLimit(TuningSettings.defaults(min, max), now, d -> {
                if (d.reason() == dev.ballast.event.PoolTuning.Reason.THROUGHPUT_RISES) ups[0]++;
                if (d.reason() == dev.ballast.event.PoolTuning.Reason.LOWER_IS_AS_FAST) downs[0]++;
            });
            double fast = 0, slow = 0;
            int streak = 0;
            took[seed] = Integer.MAX_VALUE;
            for (int w = 0; w < 3000; w++) {
                fast = rhoFast * fast + Math.sqrt(1 - rhoFast * rhoFast) * cvFast * random.nextGaussian();
                slow = 0.995 * slow + Math.sqrt(1 - 0.995 * 0.995) * cvSlow * random.nextGaussian();
                int limit = tuner.limit();
                streak = limit <= bound ? streak + 1 : 0;
                if (streak >= run) { took[seed] = w; break; }
                double rate = 350 * Math.max(0.05, (1 + fast) * (1 + slow));
                long service = Math.round(limit / rate * 1e9);
                int n = (int) Math.max(25, rate * 0.21);
                long spacing = 210 * MS / n;
                for (int i = 0; i < n; i++) {
                    now += spacing;
                    tuner.onSample(now, service, clients - limit);
                }
            }
        }
        Arrays.sort(took);
        int over = 0;
        for (int t : took) if (t > limitWindows) over++;
        System.out.printf("cv %.2f: median %d windows, p90 %d, max %d, over %d: %d/%d%n", cvFast, took[seeds / 2],
                took[seeds * 9 / 10], took[seeds - 1], limitWindows, over, seeds);
        System.out.printf("  ups %d downs %d%n", ups[0], downs[0]);
    }
}
