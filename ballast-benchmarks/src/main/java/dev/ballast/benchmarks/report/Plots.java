package dev.ballast.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.benchmarks.pool.PoolKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders the SVG plots of a results directory from its result files: {@code pool.json} (JMH) gives
 * {@code pool-borrow.svg} and {@code pool-statement.svg}; {@code tpcb.json} gives {@code tpcb-poolN-tps.svg} and
 * {@code tpcb-poolN-p99.svg}; {@code virtual-threads.json} gives {@code virtual-threads.svg}; {@code sweep.json} gives
 * {@code sweep.svg}; {@code soak.json} gives {@code soak.svg}. Files that are missing are skipped.
 *
 * <p>Usage: {@code Plots RESULTS_DIR}.
 */
public final class Plots {

    private Plots() {
    }

    /**
     * @param args the results directory
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Plots RESULTS_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        for (Map.Entry<String, String> e : render(dir).entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + dir.resolve(e.getKey()));
        }
    }

    /**
     * @param dir a results directory
     * @return SVG documents by file name, for the result files present
     * @throws IOException if a result file cannot be read
     */
    static Map<String, String> render(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode pool = read(dir.resolve("pool.json"));
        if (pool != null) {
            pool(pool, "borrow", "threads", "Pool: getConnection() + close(), no-op driver", out, "pool-borrow.svg");
            pool(pool, "statement", "statement", "Pool: full statement cycle, no-op driver", out,
                    "pool-statement.svg");
        }
        JsonNode tpcb = read(dir.resolve("tpcb.json"));
        if (tpcb != null) {
            tpcb(tpcb, out);
        }
        JsonNode vt = read(dir.resolve("virtual-threads.json"));
        if (vt != null) {
            out.put("virtual-threads.svg", virtualThreads(vt));
        }
        JsonNode sweep = read(dir.resolve("sweep.json"));
        if (sweep != null) {
            out.put("sweep.svg", sweep(sweep));
        }
        JsonNode soak = read(dir.resolve("soak.json"));
        if (soak != null) {
            out.put("soak.svg", soak(soak));
        }
        return out;
    }

    private static JsonNode read(Path file) throws IOException {
        return Files.isRegularFile(file) ? ResultFiles.json().readTree(file.toFile()) : null;
    }

    private static List<String> ordered(Set<String> labels) {
        List<String> result = new ArrayList<>();
        for (String label : PoolKind.ALL.split(",")) {
            if (labels.contains(label)) {
                result.add(label);
            }
        }
        labels.stream().filter(l -> !result.contains(l)).forEach(result::add);
        return result;
    }

    private static void pool(JsonNode runs, String name, String prefix, String title, Map<String, String> out,
            String file) {
        Set<String> pools = new LinkedHashSet<>();
        Set<Integer> threads = new TreeSet<>();
        Map<String, Double> score = new LinkedHashMap<>();
        for (JsonNode run : runs) {
            String benchmark = run.path("benchmark").asText();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            if (!method.startsWith(prefix) || !"10".equals(run.path("params").path("poolSize").asText("10"))) {
                continue;
            }
            String p = run.path("params").path("pool").asText();
            int t = run.path("threads").asInt();
            pools.add(p);
            threads.add(t);
            score.put(p + "/" + t, run.path("primaryMetric").path("score").asDouble(Double.NaN));
        }
        if (pools.isEmpty()) {
            return;
        }
        List<String> series = ordered(pools);
        List<Integer> groups = new ArrayList<>(threads);
        double[][] values = new double[series.size()][groups.size()];
        for (int s = 0; s < series.size(); s++) {
            for (int g = 0; g < groups.size(); g++) {
                values[s][g] = score.getOrDefault(series.get(s) + "/" + groups.get(g), Double.NaN);
            }
        }
        out.put(file, SvgChart.bars(title + " (pool 10; higher is better)", "ops/µs",
                groups.stream().map(t -> t + (t == 1 ? " thread" : " threads")).toList(), series, values));
    }

    private static void tpcb(JsonNode json, Map<String, String> out) {
        Map<Integer, List<JsonNode>> bySize = new LinkedHashMap<>();
        for (JsonNode row : json.path("results")) {
            bySize.computeIfAbsent(row.path("poolSize").asInt(10), k -> new ArrayList<>()).add(row);
        }
        bySize.forEach((size, rows) -> {
            Set<String> pools = new LinkedHashSet<>();
            Set<Integer> clients = new TreeSet<>();
            Map<String, JsonNode> byKey = new LinkedHashMap<>();
            for (JsonNode row : rows) {
                pools.add(row.path("pool").asText());
                clients.add(row.path("clients").asInt());
                byKey.put(row.path("pool").asText() + "/" + row.path("clients").asInt(), row);
            }
            List<String> series = ordered(pools);
            List<Integer> groups = new ArrayList<>(clients);
            double[][] tps = new double[series.size()][groups.size()];
            double[][] p99 = new double[series.size()][groups.size()];
            for (int s = 0; s < series.size(); s++) {
                for (int g = 0; g < groups.size(); g++) {
                    JsonNode row = byKey.get(series.get(s) + "/" + groups.get(g));
                    tps[s][g] = row == null ? Double.NaN : row.path("tps").asDouble();
                    p99[s][g] = row == null ? Double.NaN : row.path("latencyMicros").path("p99Micros").asDouble() / 1e3;
                }
            }
            List<String> labels = groups.stream().map(c -> c + " clients").toList();
            out.put("tpcb-pool" + size + "-tps.svg", SvgChart.bars("TPC-B on PostgreSQL, pool " + size
                    + ": throughput (higher is better)", "transactions/s", labels, series, tps));
            out.put("tpcb-pool" + size + "-p99.svg", SvgChart.bars("TPC-B on PostgreSQL, pool " + size
                    + ": p99 latency (lower is better)", "p99 ms", labels, series, p99));
        });
    }

    private static String virtualThreads(JsonNode json) {
        List<String> series = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (JsonNode row : json.path("results")) {
            series.add(row.path("pool").asText());
            JsonNode w = row.path("waitMicros");
            values.add(new double[] {w.path("p99Micros").asDouble() / 1e3, w.path("p999Micros").asDouble() / 1e3,
                w.path("maxMicros").asDouble() / 1e3});
        }
        return SvgChart.bars("1,000 virtual threads, pool 10: wait for a connection (lower is better)", "ms",
                List.of("p99", "p99.9", "max"), series, values.toArray(double[][]::new));
    }

    private static String sweep(JsonNode json) {
        List<SvgChart.Series> lines = new ArrayList<>();
        Map<String, List<double[]>> byPool = new LinkedHashMap<>();
        for (JsonNode row : json.path("results")) {
            byPool.computeIfAbsent(row.path("pool").asText(), k -> new ArrayList<>())
                    .add(new double[] {row.path("poolSize").asDouble(), row.path("tps").asDouble()});
        }
        double minSize = byPool.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).min().orElse(1);
        double maxSize = byPool.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElse(20);
        byPool.forEach((pool, points) -> {
            if (pool.endsWith("-tuned")) { // one measurement at MaxPoolSize: drawn as a level across the sweep
                double tps = points.get(0)[1];
                lines.add(new SvgChart.Series(pool + " (max " + (int) points.get(0)[0] + ")",
                        new double[] {minSize, maxSize}, new double[] {tps, tps}));
            } else {
                points.sort((a, b) -> Double.compare(a[0], b[0]));
                lines.add(new SvgChart.Series(pool + " fixed", points.stream().mapToDouble(p -> p[0]).toArray(),
                        points.stream().mapToDouble(p -> p[1]).toArray()));
            }
        });
        return SvgChart.lines(json.path("title").asText("Tuning sweep") .replaceAll(":.*", "")
                + ": throughput by pool size", "pool size (fixed pools) / MaxPoolSize (tuned)", "transactions/s",
                lines);
    }

    private static String soak(JsonNode json) {
        JsonNode samples = json.path("samples");
        int n = samples.size();
        double[] t = new double[n];
        double[] heap = new double[n];
        double[] threads = new double[n];
        double[] server = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode s = samples.get(i);
            t[i] = s.path("seconds").asDouble() / 60;
            heap[i] = s.path("heapUsedMb").asDouble();
            threads[i] = s.path("threads").asDouble();
            server[i] = s.path("serverConnections").asDouble();
        }
        return SvgChart.lines("Soak: " + json.path("summary").asText(""), "minutes", "MB / count",
                List.of(new SvgChart.Series("live heap after a full GC, MB", t, heap),
                        new SvgChart.Series("live JVM threads", t, threads),
                        new SvgChart.Series("server connections", t, server)));
    }
}
