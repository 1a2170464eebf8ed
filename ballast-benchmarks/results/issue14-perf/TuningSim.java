package dev.ballast.internal.tuning;

import java.util.Random;
import java.util.function.IntToDoubleFunction;

/**
 * Issue 14: the tuning algorithm on a modelled server whose throughput follows the Universal Scalability Law
 * X(N) = 1000 N / (1 + sigma (N-1) + kappa N (N-1)), N = min(limit, clients), each 210 ms window off by up to
 * +-noise, 600 windows, 20 seeds; prints the mean of (true throughput at the limit in force / best throughput) over
 * windows 150-600 and each seed's median limit. Arguments: sigma kappa max noise clients tolerance.
 * Compile against ballast-core/target/classes (the algorithm is internal): javac -cp ballast-core/target/classes.
 */
public final class TuningSim {
    static final long MS = 1_000_000L;

    public static void main(String[] args) {
        double sigma = Double.parseDouble(args[0]);
        double kappa = Double.parseDouble(args[1]);
        int max = Integer.parseInt(args[2]);
        double noiseAmp = Double.parseDouble(args[3]);
        int clients = Integer.parseInt(args[4]);
        // USL: X(N) = lambda N / (1 + sigma (N-1) + kappa N (N-1)), N = min(limit, clients)
        IntToDoubleFunction usl = l -> {
            int n = Math.min(l, clients);
            return 1000.0 * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
        };
        double best = 0;
        int bestL = 0;
        StringBuilder curve = new StringBuilder();
        for (int l = 1; l <= max; l++) {
            double x = usl.applyAsDouble(l);
            curve.append(l).append(':').append(Math.round(x)).append(' ');
            if (x > best) { best = x; bestL = l; }
        }
        System.out.println("curve " + curve);
        double sumRatio = 0;
        int seeds = 20;
        StringBuilder meds = new StringBuilder();
        for (int seed = 0; seed < seeds; seed++) {
            Random noise = new Random(seed);
            long[] now = {1000 * MS};
            ConcurrencyLimit t = new ConcurrencyLimit(new TuningSettings(2, max, 200_000_000L, 20, 3_000_000_000L, 30_000_000_000L, Double.parseDouble(args[5])), now[0], d -> { });
            double total = 0;
            int counted = 0;
            int[] hist = new int[max + 1];
            for (int w = 0; w < 600; w++) {
                int limit = t.limit();
                double f = 1 + (noise.nextDouble() - 0.5) * 2 * noiseAmp;
                double rate = usl.applyAsDouble(limit) * f;
                long service = Math.round(Math.min(limit, clients) / rate * 1e9);
                int n = (int) Math.max(25, rate * 0.21);
                long spacing = 210 * MS / n;
                for (int i = 0; i < n; i++) {
                    now[0] += spacing;
                    t.onSample(now[0], service, clients > limit ? clients - limit : 0);
                }
                if (w >= 150) { total += usl.applyAsDouble(limit); counted++; hist[limit]++; }
            }
            double ratio = total / counted / best;
            sumRatio += ratio;
            int acc = 0, med = 0;
            for (int l = 0; l <= max; l++) { acc += hist[l]; if (acc >= counted / 2) { med = l; break; } }
            meds.append(med).append(' ');
        }
        System.out.printf("best L=%d; mean throughput of tuned / best = %.3f; median limits per seed: %s%n", bestL, sumRatio / seeds, meds);
    }
}
