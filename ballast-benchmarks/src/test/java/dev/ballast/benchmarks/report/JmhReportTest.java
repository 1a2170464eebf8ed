package dev.ballast.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JmhReportTest {

    private static String run(String benchmark, String params, int threads, double score, double bytes) {
        return """
                {"jmhVersion":"1.37","benchmark":"%s","mode":"thrpt","threads":%d,"forks":1,
                 "jdkVersion":"25","vmName":"OpenJDK","measurementIterations":1,"measurementTime":"1 s",
                 "params":%s,
                 "primaryMetric":{"score":%s,"scoreError":0.5,"scoreUnit":"ops/us"},
                 "secondaryMetrics":{"gc.alloc.rate.norm":{"score":%s}}}
                """.formatted(benchmark, threads, params, score, bytes);
    }

    @Test
    void poolTableHasOneRowPerPointWithTheRatio() throws Exception {
        String pool = "dev.ballast.benchmarks.pool.PoolBenchmark.threads08";
        String json = "[" + run(pool, "{\"pool\":\"ballast\",\"poolSize\":\"10\"}", 8, 30, 0) + ","
                + run(pool, "{\"pool\":\"hikari\",\"poolSize\":\"10\"}", 8, 20, 56) + "]";
        String markdown = JmhReport.render(new ObjectMapper().readTree(json));
        assertThat(markdown).contains("| borrow+return | 10        | 8       | 30.00 ± 0.50")
                .contains("1.50× (hikari)").contains("| 56 ");
    }

    @Test
    void statementCyclesAreComparedWithTheBestPeer() throws Exception {
        String statement = "dev.ballast.benchmarks.pool.PoolBenchmark.statement01";
        String json = "[" + run(statement, "{\"pool\":\"ballast\",\"poolSize\":\"10\"}", 1, 12, 0) + ","
                + run(statement, "{\"pool\":\"hikari\",\"poolSize\":\"10\"}", 1, 6, 80) + ","
                + run(statement, "{\"pool\":\"agroal\",\"poolSize\":\"10\"}", 1, 8, 40) + "]";
        String markdown = JmhReport.render(new ObjectMapper().readTree(json));
        assertThat(markdown).contains("| statement ").contains("1.50× (agroal)").contains("0.00× (agroal)");
    }

    @Test
    void missingBallastResultsReadPending() throws Exception {
        String pool = "dev.ballast.benchmarks.pool.PoolBenchmark.threads01";
        String resilience = "dev.ballast.benchmarks.resilience.ResilienceBenchmark.";
        String json = "[" + run(pool, "{\"pool\":\"hikari\",\"poolSize\":\"32\"}", 1, 20, 56) + ","
                + run(resilience + "bare", "{}", 1, 1, 0) + ","
                + run(resilience + "resilience4j", "{}", 1, 101, 128) + "]";
        String markdown = JmhReport.render(new ObjectMapper().readTree(json));
        assertThat(markdown).contains("pending").contains("| resilience4j ").contains("100.0");
    }
}
