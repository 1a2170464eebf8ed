package dev.ballast.benchmarks.scenario;

import dev.ballast.benchmarks.pool.ConnectionTarget;
import dev.ballast.benchmarks.pool.PoolKind;
import dev.ballast.testkit.PostgresServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where TPC-B's throughput curve has its knee on the machine of the day, and where the tuned pool sits on it, with
 * every configuration measured in the same rounds (order reversed every other round, so that the machine's drift falls
 * on all alike, which one pass over the sizes, as {@link TuningSweep} makes, cannot promise): fixed pools of the sizes
 * given, and the tuned pool (MinPoolSize 2, MaxPoolSize {@code -Dmax}), each new for each run and configured as
 * TpcbScenario's ({@link PoolKind#BALLAST} and {@link PoolKind#BALLAST_TUNED}). Prints each run's TPS (and the tuned
 * pool's mean limit over the last 60 % of its decisions in the run) and, at the end, each configuration's mean and its
 * ratio to the fixed pool of MaxPoolSize.
 *
 * <p>{@code ballast-benchmarks/run.sh knee} runs it as the README quotes it (64 clients, MaxPoolSize 20, sizes 2, 3, 5,
 * 8, 11 and 20, four rounds of 4 s + 8 s) into {@code knee-curve.txt}. By hand: {@code java -Dsizes=3,4,5,6,8,10
 * -Dclients=16 [-Dmax=10] [-Dwarmup=4] -Dsecs=6 -cp benchmarks.jar dev.ballast.benchmarks.scenario.KneeCurve ROUNDS}.
 * Earlier runs: {@code results/issue14-perf/knee-curve.txt}.
 */
public class KneeCurve {
    public static void main(String[] a) throws Exception {
        int rounds = Integer.parseInt(a.length > 0 ? a[0] : "6");
        int clients = Integer.getInteger("clients", 16);
        int max = Integer.getInteger("max", 10); // the tuned pool's MaxPoolSize, and the fixed size ratios refer to
        int warmup = Integer.getInteger("warmup", 4);
        int secs = Integer.getInteger("secs", 6);
        List<Integer> configs = new ArrayList<>(); // a size: a fixed pool; 0: the tuned pool
        for (String s : System.getProperty("sizes", "3,4,5,6,8,10").split(",")) {
            configs.add(Integer.parseInt(s));
        }
        configs.add(0);
        double[] sum = new double[configs.size()];
        try (PostgresServer server = PostgresServer.builder().setting("synchronous_commit", "off").build()) {
            ConnectionTarget target = TpcbScenario.target(server);
            TpcbSchema schema = new TpcbSchema(10);
            try (Connection c = server.connect()) {
                schema.create(c);
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < configs.size(); k++) {
                    int index = r % 2 == 0 ? k : configs.size() - 1 - k;
                    int size = configs.get(index);
                    boolean tuned = size == 0;
                    try (Connection c = server.connect()) {
                        schema.reset(c);
                    }
                    List<List<Integer>> trace = new ArrayList<>();
                    ClosedLoop.Outcome o = TpcbScenario.runOnce(tuned ? PoolKind.BALLAST_TUNED : PoolKind.BALLAST,
                            target, schema, clients, tuned ? max : size, Duration.ofSeconds(warmup),
                            Duration.ofSeconds(secs), pool -> trace.add(pool.limitTrace()));
                    sum[index] += o.throughputPerSecond();
                    String extra = "";
                    if (tuned) {
                        List<Integer> all = trace.get(0);
                        List<Integer> late = all.subList(all.size() * 2 / 5, all.size()); // the last 60 %
                        extra = String.format("  mean limit %.2f over %d windows", late.stream()
                                .mapToInt(i -> i).average().orElse(Double.NaN), late.size());
                    }
                    System.out.printf("round %d %-8s %5.0f tps%s%n", r + 1, tuned ? "tuned" : "fixed" + size,
                            o.throughputPerSecond(), extra);
                }
            }
        }
        int reference = configs.indexOf(max);
        for (int i = 0; i < configs.size(); i++) {
            System.out.printf("%-8s mean %5.0f tps  %.3f x fixed%d%n", configs.get(i) == 0 ? "tuned" : "fixed"
                    + configs.get(i), sum[i] / rounds, reference < 0 ? Double.NaN : sum[i] / sum[reference], max);
        }
    }
}
