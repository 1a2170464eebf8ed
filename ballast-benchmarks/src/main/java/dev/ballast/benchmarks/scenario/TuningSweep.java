package dev.ballast.benchmarks.scenario;

import dev.ballast.benchmarks.pool.PoolKind;
import dev.ballast.benchmarks.report.LatencySummary;
import dev.ballast.benchmarks.report.MarkdownTable;
import dev.ballast.benchmarks.report.Options;
import dev.ballast.benchmarks.report.ResultFiles;
import dev.ballast.testkit.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 14's tuning benchmark: the TPC-B transaction of {@link TpcbScenario} at 64 clients through Ballast's pool
 * fixed at every size from 1 to MaxPoolSize 20 (the sweep that finds the best fixed size), HikariCP fixed at 20, and
 * Ballast with {@code EnablePoolAutoTuning} at MaxPoolSize 20 (MinPoolSize 2). Every run starts from a freshly reset
 * database on one embedded PostgreSQL. The report says the tuned pool's throughput ÷ HikariCP's at 20 and ÷ the best
 * fixed size's, its p99 ÷ HikariCP's, and where its limit went.
 *
 * <p>Options, all {@code --name=value}: {@code clients} (64), {@code max} (20), {@code sizes} (every size from 1 to
 * max, comma-separated to choose), {@code scale} (10), {@code warmup} (10 s: the tuned pool settles in it),
 * {@code jvm-warmup} (5 s each for a fixed Ballast pool and HikariCP first, not recorded; 0: none),
 * {@code duration} (15 s), {@code out} (directory for {@code sweep.md/.json}; none by default).
 */
public final class TuningSweep {

    private TuningSweep() {
    }

    /**
     * @param args {@code --name=value} options, see the class documentation
     * @throws Exception if the server, the schema or a pool cannot be set up, or the run is interrupted
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("clients", "64");
        defaults.put("max", "20");
        defaults.put("sizes", "");
        defaults.put("scale", "10");
        defaults.put("warmup", "10");
        defaults.put("jvm-warmup", "5");
        defaults.put("duration", "15");
        defaults.put("out", "");
        Options options = Options.parse(args, defaults);
        int clients = options.positiveInt("clients");
        int max = options.positiveInt("max");
        List<Integer> sizes = new ArrayList<>();
        if (options.string("sizes").isEmpty()) {
            for (int size = 1; size <= max; size++) {
                sizes.add(size);
            }
        } else {
            sizes.addAll(options.positiveInts("sizes"));
        }
        int scale = options.positiveInt("scale");
        Duration warmup = options.duration("warmup");
        Duration duration = options.duration("duration");

        try (PostgresServer server = PostgresServer.builder().setting("synchronous_commit", "off").build()) {
            TpcbSchema schema = new TpcbSchema(scale);
            try (Connection c = server.connect()) {
                schema.create(c);
            }
            Duration jvmWarmup = options.duration("jvm-warmup");
            if (!jvmWarmup.isZero()) { // so that the first run measured does not pay for compiling shared code
                for (PoolKind kind : List.of(PoolKind.BALLAST, PoolKind.HIKARI)) {
                    System.out.print("JVM warm-up (not recorded): ");
                    measure(server, schema, kind, max, clients, jvmWarmup, Duration.ofSeconds(1));
                }
            }
            List<Run> runs = new ArrayList<>();
            runs.add(measure(server, schema, PoolKind.BALLAST_TUNED, max, clients, warmup, duration));
            runs.add(measure(server, schema, PoolKind.HIKARI, max, clients, warmup, duration));
            for (int size : sizes) {
                runs.add(measure(server, schema, PoolKind.BALLAST, size, clients, warmup, duration));
            }
            String title = String.format("Tuning sweep: TPC-B on PostgreSQL %s, %d clients, scale %d, %s measured "
                            + "(after %s warm-up) per run, JDK %s, %d CPUs", server.setting("server_version"), clients,
                    scale, Options.format(duration), Options.format(warmup), Runtime.version(),
                    Runtime.getRuntime().availableProcessors());
            Map<String, Object> json = new LinkedHashMap<>();
            String markdown = report(title, runs, max, json);
            System.out.println();
            System.out.println(markdown);
            String out = options.string("out");
            if (!out.isEmpty()) {
                ResultFiles.write(Path.of(out), "sweep", markdown, json);
            }
        }
    }

    private static Run measure(PostgresServer server, TpcbSchema schema, PoolKind kind, int size, int clients,
            Duration warmup, Duration duration) throws Exception {
        try (Connection c = server.connect()) {
            schema.reset(c);
        }
        System.out.printf("%s, pool %d, %d clients: %s warm-up + %s%n", kind.label(), size, clients,
                Options.format(warmup), Options.format(duration));
        List<List<Integer>> trace = new ArrayList<>();
        List<String> diagnostics = new ArrayList<>();
        ClosedLoop.Outcome outcome = TpcbScenario.runOnce(kind, TpcbScenario.target(server), schema, clients, size,
                warmup, duration, pool -> {
                    trace.add(pool.limitTrace());
                    diagnostics.add(pool.diagnostics());
                });
        System.out.printf("  %.0f tps, %d failures %s%n", outcome.throughputPerSecond(), outcome.failureCount(),
                diagnostics.get(0));
        if (!trace.get(0).isEmpty()) {
            System.out.println("  limits: " + trace.get(0));
        }
        return new Run(kind, size, outcome.throughputPerSecond(), LatencySummary.of(outcome.latencies()),
                outcome.failureCount(), trace.isEmpty() ? List.of() : trace.get(0));
    }

    /** One run: which pool, its size (the maximum for the tuned pool), and what it did. */
    record Run(PoolKind kind, int size, double tps, LatencySummary latency, long failures, List<Integer> limits) {
    }

    static String report(String title, List<Run> runs, int max, Map<String, Object> json) {
        MarkdownTable table = new MarkdownTable("pool", "size", "TPS", "p50 ms", "p99 ms", "p99.9 ms", "failures",
                "tuned limit (last; range in the second half)");
        Run tuned = null;
        Run hikari = null;
        Run bestFixed = null;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Run r : runs) {
            String limits = "";
            if (!r.limits().isEmpty()) {
                List<Integer> late = r.limits().subList(r.limits().size() / 2, r.limits().size());
                limits = r.limits().get(r.limits().size() - 1) + " (" + late.stream().mapToInt(i -> i).min()
                        .orElse(0) + "–" + late.stream().mapToInt(i -> i).max().orElse(0) + ")";
            }
            table.row(r.kind().label(), r.kind() == PoolKind.BALLAST_TUNED ? "max " + r.size() : r.size(),
                    MarkdownTable.number(r.tps(), 0), MarkdownTable.number(r.latency().p50Micros() / 1e3, 2),
                    MarkdownTable.number(r.latency().p99Micros() / 1e3, 2),
                    MarkdownTable.number(r.latency().p999Micros() / 1e3, 2), r.failures(), limits);
            if (r.kind() == PoolKind.BALLAST_TUNED) {
                tuned = r;
            } else if (r.kind() == PoolKind.HIKARI && r.size() == max) {
                hikari = r;
            } else if (r.kind() == PoolKind.BALLAST && (bestFixed == null || r.tps() > bestFixed.tps())) {
                bestFixed = r;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pool", r.kind().label());
            row.put("poolSize", r.size());
            row.put("tps", r.tps());
            row.put("latencyMicros", r.latency());
            row.put("failures", r.failures());
            row.put("limitTrace", r.limits());
            rows.add(row);
        }
        json.put("title", title);
        json.put("results", rows);
        StringBuilder summary = new StringBuilder();
        if (tuned != null) {
            MarkdownTable goals = new MarkdownTable("measure", "value", "goal");
            if (hikari != null) {
                goals.row("tuned TPS ÷ HikariCP at " + max, MarkdownTable.ratio(tuned.tps(), hikari.tps()), "≥ 1.10×");
                goals.row("tuned p99 ÷ HikariCP's p99 at " + max,
                        MarkdownTable.ratio(tuned.latency().p99Micros(), hikari.latency().p99Micros()), "≤ 0.50×");
            }
            if (bestFixed != null) {
                goals.row("tuned TPS ÷ best fixed Ballast size (" + bestFixed.size() + ")",
                        MarkdownTable.ratio(tuned.tps(), bestFixed.tps()), "≥ 0.95×");
            }
            summary.append('\n').append(goals);
        }
        return "### " + title + "\n\n" + table + summary
                + "\nLatency runs from getConnection() to close() of one whole transaction, waiting included. The tuned "
                + "pool (EnablePoolAutoTuning, MinPoolSize 2, MaxPoolSize " + max + ") starts each run from nothing; "
                + "its warm-up is where it settles.\n";
    }
}
