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
        // (pool size, threads) -> pool -> run
        Map<String, Map<String, JsonNode>> points = new TreeMap<>();
        for (JsonNode run : runs) {
            int size = run.path("params").path("poolSize").asInt();
            String key = String.format("%04d/%04d", size, run.path("threads").asInt());
            points.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(run.path("params").path("pool").asText(), run);
        }
        MarkdownTable table = new MarkdownTable("pool size", "threads", "Ballast ops/µs", "HikariCP ops/µs",
                "Ballast ÷ HikariCP", "Ballast B/op", "HikariCP B/op");
        points.forEach((key, byPool) -> {
            JsonNode ballast = byPool.get("ballast");
            JsonNode hikari = byPool.get("hikari");
            JsonNode any = byPool.values().iterator().next();
            table.row(any.path("params").path("poolSize").asText(), any.path("threads").asText(),
                    ballast == null ? PENDING : scoreWithError(ballast, 2),
                    hikari == null ? "n/a" : scoreWithError(hikari, 2),
                    ballast == null || hikari == null ? PENDING : MarkdownTable.ratio(score(ballast), score(hikari)),
                    ballast == null ? PENDING : MarkdownTable.number(bytesPerOp(ballast), 0),
                    hikari == null ? "n/a" : MarkdownTable.number(bytesPerOp(hikari), 0));
        });
        return "### Pool: getConnection() + close() through the no-op driver (" + environment(runs.get(0)) + ")\n\n"
                + table
                + "\nThroughput is borrow-and-return cycles per microsecond, all threads together (higher is "
                + "better); ± is JMH's 99.9% confidence interval. B/op is bytes allocated per cycle "
                + "(gc.alloc.rate.norm). The ratio is Ballast's throughput ÷ HikariCP's.\n";
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
