package dev.ballast.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.LinkedHashSet;
import dev.ballast.benchmarks.pool.PoolKind;

/**
 * Turns JMH JSON results ({@code -rf json}) of {@link dev.ballast.benchmarks.pool.PoolBenchmark} and
 * {@link dev.ballast.benchmarks.resilience.ResilienceBenchmark} into Markdown tables with the Ballast-to-competitor
 * ratios the issues ask for. Bytes per operation come from {@code -prof gc}'s {@code gc.alloc.rate.norm}; without
 * that profiler those columns read {@code n/a}.
 *
 * <p>Usage: {@code JmhReport RESULT.json [OUTPUT.md]}; prints the Markdown, and also writes it if given a file.
 */
public final class JmhReport {

    private static final String POOL = "dev.ballast.benchmarks.pool.PoolBenchmark.";
    private static final String RESILIENCE = "dev.ballast.benchmarks.resilience.ResilienceBenchmark.";
    private static final String PENDING = "pending";
    private static final String BALLAST = "ballast";

    private JmhReport() {
    }

    /**
     * @param args the JMH JSON file, and optionally the Markdown file to write
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: JmhReport RESULT.json [OUTPUT.md]");
            System.exit(2);
        }
        String markdown = render(ResultFiles.json().readTree(Path.of(args[0]).toFile()));
        System.out.print(markdown);
        if (args.length == 2) {
            Files.writeString(Path.of(args[1]), markdown, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param results JMH's JSON results: an array of benchmark runs
     * @return one Markdown section per benchmark class found
     */
    static String render(JsonNode results) {
        List<JsonNode> pool = new ArrayList<>();
        List<JsonNode> resilience = new ArrayList<>();
        for (JsonNode run : results) {
            String name = run.path("benchmark").asText();
            if (name.startsWith(POOL)) {
                pool.add(run);
            } else if (name.startsWith(RESILIENCE)) {
                resilience.add(run);
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!pool.isEmpty()) {
            sb.append(pool(pool)).append('\n');
        }
        if (!resilience.isEmpty()) {
            sb.append(resilience(resilience)).append('\n');
        }
        return sb.toString();
    }

    private static String pool(List<JsonNode> runs) {
        // (cycle, pool size, threads) -> pool label -> run
        Map<String, Map<String, JsonNode>> points = new TreeMap<>();
        Set<String> pools = new LinkedHashSet<>();
        for (String label : PoolKind.ALL.split(",")) {
            for (JsonNode run : runs) {
                if (run.path("params").path("pool").asText().equals(label)) {
                    pools.add(label);
                }
            }
        }
        for (JsonNode run : runs) {
            String method = run.path("benchmark").asText().substring(POOL.length());
            String cycle = method.startsWith("statement") ? "statement" : "borrow+return";
            int size = run.path("params").path("poolSize").asInt();
            String key = String.format("%s/%04d/%04d", cycle, size, run.path("threads").asInt());
            String label = run.path("params").path("pool").asText();
            pools.add(label);
            points.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(label, run);
        }
        List<String> header = new ArrayList<>(List.of("cycle", "pool size", "threads"));
        pools.forEach(p -> header.add(p + " ops/µs"));
        header.add("Ballast ÷ best peer");
        List<String> bytesHeader = new ArrayList<>(List.of("cycle", "pool size", "threads"));
        pools.forEach(p -> bytesHeader.add(p + " B/op"));
        bytesHeader.add("Ballast ÷ lowest peer");
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        MarkdownTable bytes = new MarkdownTable(bytesHeader.toArray(String[]::new));
        points.forEach((key, byPool) -> {
            JsonNode any = byPool.values().iterator().next();
            String cycle = key.substring(0, key.indexOf('/'));
            List<Object> row = new ArrayList<>(List.of(cycle, any.path("params").path("poolSize").asText(),
                    any.path("threads").asText()));
            List<Object> bytesRow = new ArrayList<>(row);
            Map<String, Double> scores = new LinkedHashMap<>();
            Map<String, Double> allocations = new LinkedHashMap<>();
            for (String p : pools) {
                JsonNode run = byPool.get(p);
                row.add(run == null ? PENDING : scoreWithError(run, 2));
                bytesRow.add(run == null ? PENDING : MarkdownTable.number(bytesPerOp(run), 0));
                if (run != null) {
                    scores.put(p, score(run));
                    allocations.put(p, bytesPerOp(run));
                }
            }
            row.add(Versus.of(scores, BALLAST, true).cell());
            bytesRow.add(Versus.of(allocations, BALLAST, false).cell());
            table.row(row.toArray());
            bytes.row(bytesRow.toArray());
        });
        return "### Pool: borrow + return, and a full statement cycle, through the no-op driver ("
                + environment(runs.get(0)) + ")\n\n" + table
                + "\nThroughput is cycles per microsecond, all threads together (higher is better); ± is JMH's 99.9% "
                + "confidence interval. \"borrow+return\" is getConnection() + close(); \"statement\" is "
                + "getConnection(), prepareStatement(\"select 1\"), executeQuery(), next(), getInt(1), and the three "
                + "close() calls. The last column is Ballast's throughput ÷ the best other pool's (named).\n\n"
                + "#### Allocation per cycle (gc.alloc.rate.norm, bytes; lower is better)\n\n" + bytes
                + "\nThe last column is Ballast's bytes ÷ the lowest other pool's (named); n/a where that is 0.\n";
    }

    private static String resilience(List<JsonNode> runs) {
        Map<String, JsonNode> byVariant = new LinkedHashMap<>();
        for (String variant : List.of("bare", "ballast", "resilience4j", "resilience4jPredecorated", "failsafe")) {
            for (JsonNode run : runs) {
                if (run.path("benchmark").asText().equals(RESILIENCE + variant)) {
                    byVariant.put(variant, run);
                }
            }
        }
        JsonNode bare = byVariant.get("bare");
        JsonNode ballast = byVariant.get("ballast");
        double bareScore = bare == null ? Double.NaN : score(bare);
        double ballastAdded = ballast == null ? Double.NaN : score(ballast) - bareScore;
        MarkdownTable table = new MarkdownTable("variant", "ns/op", "added over bare, ns", "B/op",
                "Ballast's added cost ÷ this");
        if (ballast == null) {
            table.row("ballast", PENDING, PENDING, PENDING, "");
        }
        byVariant.forEach((variant, run) -> {
            double added = score(run) - bareScore;
            table.row(variant, scoreWithError(run, 1),
                    variant.equals("bare") ? "" : MarkdownTable.number(added, 1),
                    MarkdownTable.number(bytesPerOp(run), 0),
                    variant.equals("bare") || variant.equals("ballast") ? ""
                            : ballast == null ? PENDING : MarkdownTable.ratio(ballastAdded, added));
        });
        return "### Resilience: one successful call through retry + circuit breaker (" + environment(runs.get(0))
                + ")\n\n" + table
                + "\nns/op is the average time per call, single-threaded (lower is better); ± is JMH's 99.9% "
                + "confidence interval. \"Added over bare\" subtracts the unprotected call. B/op is bytes allocated "
                + "per call (gc.alloc.rate.norm). The last column is Ballast's added time ÷ the variant's (below "
                + "1 means Ballast adds less).\n";
    }

    private static double score(JsonNode run) {
        return run.path("primaryMetric").path("score").asDouble(Double.NaN);
    }

    private static String scoreWithError(JsonNode run, int decimals) {
        JsonNode metric = run.path("primaryMetric");
        double error = metric.path("scoreError").asDouble(Double.NaN);
        return MarkdownTable.number(metric.path("score").asDouble(Double.NaN), decimals)
                + (Double.isFinite(error) ? " ± " + MarkdownTable.number(error, decimals) : "");
    }

    private static double bytesPerOp(JsonNode run) {
        return run.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN);
    }

    private static String environment(JsonNode run) {
        return "JMH " + run.path("jmhVersion").asText() + ", " + run.path("vmName").asText() + " "
                + run.path("jdkVersion").asText() + ", " + run.path("forks").asText() + " fork(s) × "
                + run.path("measurementIterations").asText() + " × " + run.path("measurementTime").asText();
    }
}
