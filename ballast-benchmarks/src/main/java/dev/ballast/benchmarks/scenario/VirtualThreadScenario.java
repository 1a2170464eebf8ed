package dev.ballast.benchmarks.scenario;

import dev.ballast.benchmarks.pool.ConnectionTarget;
import dev.ballast.benchmarks.pool.PoolKind;
import dev.ballast.benchmarks.pool.PoolUnderTest;
import dev.ballast.benchmarks.report.LatencySummary;
import dev.ballast.benchmarks.report.MarkdownTable;
import dev.ballast.benchmarks.report.Options;
import dev.ballast.benchmarks.report.ResultFiles;
import dev.ballast.benchmarks.report.Versus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * Issue 4, benchmark 2: many virtual threads sharing a small pool over the no-op driver, each borrowing a connection,
 * holding it for a fixed time (parked, as if waiting on the database), and returning it, in a closed loop. What it
 * shows is the pool's fairness and wait distribution under heavy oversubscription: throughput is bounded by
 * {@code poolSize / hold}, so the interesting columns are the wait percentiles, the maximum wait, and how evenly
 * the borrows were spread over the threads. Pools run one after the other in the same JVM, alternating order each
 * round, after a JVM warm-up pass (each pool once, not recorded): without it the first pool measured pays for
 * compiling the code every pool shares (the loop, the histogram, the virtual-thread scheduler), which once doubled
 * its p99.9 wait.
 *
 * <p>Needs JDK 21+ (run it on JDK 25). Options, all {@code --name=value}: {@code threads} (1000), {@code pool-size}
 * (10), {@code hold-micros} (100), {@code warmup} (3 s), {@code jvm-warmup} (3 s per pool, before round 1; 0: none),
 * {@code duration} (10 s), {@code rounds} (1),
 * {@code pools} (all: {@link PoolKind#ALL}), {@code out} (directory for {@code virtual-threads.md/.json}; none by
 * default).
 */
public final class VirtualThreadScenario {

    private VirtualThreadScenario() {
    }

    /**
     * @param args {@code --name=value} options, see the class documentation
     * @throws Exception if a pool fails to open or the run is interrupted
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("threads", "1000");
        defaults.put("pool-size", "10");
        defaults.put("hold-micros", "100");
        defaults.put("warmup", "3");
        defaults.put("jvm-warmup", "3");
        defaults.put("duration", "10");
        defaults.put("rounds", "1");
        defaults.put("pools", PoolKind.ALL);
        defaults.put("out", "");
        Options options = Options.parse(args, defaults);
        int threads = options.positiveInt("threads");
        int poolSize = options.positiveInt("pool-size");
        long holdNanos = options.positiveInt("hold-micros") * 1_000L;
        Duration warmup = options.duration("warmup");
        Duration duration = options.duration("duration");
        int rounds = options.positiveInt("rounds");
        List<PoolKind> pools = options.list("pools").stream().map(PoolKind::of).toList();

        Duration jvmWarmup = options.duration("jvm-warmup");
        if (!jvmWarmup.isZero()) {
            for (PoolKind kind : pools) {
                System.out.printf("JVM warm-up (not recorded): %s, %s%n", kind.label(), Options.format(jvmWarmup));
                runOnce(kind, threads, poolSize, holdNanos, jvmWarmup, Duration.ofSeconds(1));
            }
        }
        Map<PoolKind, List<ClosedLoop.Outcome>> outcomes = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<PoolKind> order = new ArrayList<>(pools);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (PoolKind kind : order) {
                System.out.printf("round %d/%d: %s, %d virtual threads, pool %d, hold %d µs, %s warm-up + %s%n",
                        round + 1, rounds, kind.label(), threads, poolSize, holdNanos / 1_000,
                        Options.format(warmup), Options.format(duration));
                ClosedLoop.Outcome outcome = runOnce(kind, threads, poolSize, holdNanos, warmup, duration);
                outcomes.computeIfAbsent(kind, k -> new ArrayList<>()).add(outcome);
            }
        }

        String title = String.format("Virtual threads: %d virtual threads, pool %d, hold %d µs, %s measured "
                        + "(after %s warm-up) x %d round(s), JDK %s, %d CPUs",
                threads, poolSize, holdNanos / 1_000, Options.format(duration), Options.format(warmup), rounds,
                Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        Report report = Report.of(title, outcomes);
        System.out.println();
        System.out.println(report.markdown());
        String out = options.string("out");
        if (!out.isEmpty()) {
            ResultFiles.write(Path.of(out), "virtual-threads", report.markdown(), report.json());
        }
    }

    private static ClosedLoop.Outcome runOnce(PoolKind kind, int threads, int poolSize, long holdNanos,
            Duration warmup, Duration duration) throws InterruptedException {
        try (PoolUnderTest pool = kind.open(ConnectionTarget.noop(), poolSize)) {
            DataSource dataSource = pool.dataSource();
            return ClosedLoop.run(VirtualThreads.newPerTaskExecutor(), threads, warmup, duration,
                    (worker, loop, measured) -> {
                        long start = System.nanoTime();
                        Connection connection;
                        try {
                            connection = dataSource.getConnection();
                        } catch (SQLException e) {
                            // a borrow timeout: its wait counts, and it counts as a failure
                            loop.failure(worker, measured, e, System.nanoTime() - start);
                            return;
                        }
                        long waited = System.nanoTime() - start;
                        try {
                            LockSupport.parkNanos(holdNanos);
                        } finally {
                            connection.close();
                        }
                        loop.record(worker, measured, waited);
                    });
        }
    }

    /** The table and JSON of one scenario run. */
    private record Report(String markdown, Map<String, Object> json) {

        static Report of(String title, Map<PoolKind, List<ClosedLoop.Outcome>> outcomes) {
            MarkdownTable table = new MarkdownTable("pool", "borrows/s", "wait p50 µs", "wait p99 µs",
                    "wait p99.9 µs", "wait max µs", "timeouts", "borrows/thread min / median / max",
                    "threads starved");
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("title", title);
            List<Map<String, Object>> rows = new ArrayList<>();
            Map<String, Double> throughput = new LinkedHashMap<>();
            Map<String, Double> p999 = new LinkedHashMap<>();
            Map<String, Double> max = new LinkedHashMap<>();
            for (Map.Entry<PoolKind, List<ClosedLoop.Outcome>> e : outcomes.entrySet()) {
                Merged m = Merged.of(e.getValue());
                LatencySummary waits = m.waits();
                String label = e.getKey().label();
                throughput.put(label, m.throughput());
                p999.put(label, waits.p999Micros());
                max.put(label, waits.maxMicros());
                table.row(label,
                        MarkdownTable.number(m.throughput(), 0),
                        MarkdownTable.number(waits.p50Micros(), 1),
                        MarkdownTable.number(waits.p99Micros(), 1),
                        MarkdownTable.number(waits.p999Micros(), 1),
                        MarkdownTable.number(waits.maxMicros(), 1),
                        m.failures(),
                        m.perThreadMin() + " / " + m.perThreadMedian() + " / " + m.perThreadMax(),
                        m.starved());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("pool", label);
                row.put("borrowsPerSecond", m.throughput());
                row.put("waitMicros", waits);
                row.put("failures", m.failuresByKind());
                row.put("borrowsPerThreadMin", m.perThreadMin());
                row.put("borrowsPerThreadMedian", m.perThreadMedian());
                row.put("borrowsPerThreadMax", m.perThreadMax());
                row.put("threadsStarved", m.starved());
                rows.add(row);
            }
            json.put("results", rows);
            String ballast = PoolKind.BALLAST.label();
            MarkdownTable versus = new MarkdownTable("Ballast ÷ best peer", "borrows/s (vs fastest)",
                    "wait p99.9 (vs fairest)", "wait max (vs lowest)");
            versus.row("", Versus.of(throughput, ballast, true).cell(), Versus.of(p999, ballast, false).cell(),
                    Versus.of(max, ballast, false).cell());
            String markdown = "### " + title + "\n\n" + table + "\n" + versus
                    + "\nWaits run from calling getConnection() to having the connection (borrows that timed out "
                    + "included). The second table divides Ballast's value by the best other pool's (named): "
                    + "throughput higher is better, waits lower is better. \"threads starved\" counts "
                    + "threads that completed no borrow in the measured window.\n";
            return new Report(markdown, json);
        }
    }

    /** One pool's outcomes over all rounds, merged. */
    private record Merged(double throughput, LatencySummary waits, long failures, Map<String, Long> failuresByKind,
            long perThreadMin, long perThreadMedian, long perThreadMax, int starved) {

        static Merged of(List<ClosedLoop.Outcome> outcomes) {
            Histogram waits = new Histogram(3);
            double throughput = 0;
            long failures = 0;
            Map<String, Long> byKind = new TreeMap<>();
            long min = 0;
            long max = 0;
            long median = 0;
            double widest = -1;
            int starved = 0;
            for (ClosedLoop.Outcome o : outcomes) {
                waits.add(o.latencies());
                throughput += o.throughputPerSecond() / outcomes.size();
                failures += o.failureCount();
                o.failures().forEach((k, v) -> byKind.merge(k, v, Long::sum));
                // one round's spread (rounds differ in throughput, so mixing their extremes would look unfair)
                long[] per = o.perWorker();
                long roundMedian = per[per.length / 2];
                double spread = (double) (per[per.length - 1] - per[0]) / Math.max(1, roundMedian);
                if (spread > widest) {
                    widest = spread;
                    min = per[0];
                    median = roundMedian;
                    max = per[per.length - 1];
                }
                starved = Math.max(starved, o.starvedWorkers());
            }
            return new Merged(throughput, LatencySummary.of(waits), failures, byKind, min, median, max, starved);
        }
    }
}
