package dev.ballast.benchmarks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.benchmarks.pool.PoolKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class TpcbReportTest {

    private static final long ONE_SECOND = 1_000_000_000L;

    /** One round: {@code operations} transactions in a one-second window, each taking a millisecond. */
    private static ClosedLoop.Outcome round(long operations) {
        Histogram latencies = new Histogram(3);
        latencies.recordValueWithCount(1_000_000, operations);
        return new ClosedLoop.Outcome(ONE_SECOND, operations, latencies, new long[] {operations}, Map.of(), -1, -1);
    }

    @Test
    void severalRoundsReportEachRoundsTpsBesideTheirMean() {
        Map<TpcbScenario.Point, Map<PoolKind, List<ClosedLoop.Outcome>>> outcomes = new LinkedHashMap<>();
        Map<PoolKind, List<ClosedLoop.Outcome>> byPool = new LinkedHashMap<>();
        byPool.put(PoolKind.BALLAST, List.of(round(5185), round(5539)));
        byPool.put(PoolKind.BALLAST_TUNED, List.of(round(5308), round(4722)));
        outcomes.put(new TpcbScenario.Point(20, 4), byPool);
        Map<String, Object> json = new LinkedHashMap<>();

        String markdown = TpcbScenario.report("title", outcomes, json);

        assertThat(markdown).containsPattern("\\| TPS +\\| TPS per round +\\|")
                .containsPattern("\\| ballast +\\| 5362 +\\| 5185 / 5539 +\\|")
                .containsPattern("\\| ballast-tuned +\\| 5015 +\\| 5308 / 4722 +\\|");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) json.get("results");
        assertThat(rows.get(0).get("tpsPerRound")).isEqualTo(List.of(5185.0, 5539.0));
        assertThat(rows.get(1).get("tpsPerRound")).isEqualTo(List.of(5308.0, 4722.0));
    }

    @Test
    void oneRoundNeedsNoPerRoundColumn() {
        Map<TpcbScenario.Point, Map<PoolKind, List<ClosedLoop.Outcome>>> outcomes = new LinkedHashMap<>();
        outcomes.put(new TpcbScenario.Point(10, 4), Map.of(PoolKind.BALLAST, List.of(round(5780))));

        String markdown = TpcbScenario.report("title", outcomes, new LinkedHashMap<>());

        assertThat(markdown).doesNotContain("per round").containsPattern("\\| ballast +\\| 5780 +\\| 1.00 +\\|");
    }
}
