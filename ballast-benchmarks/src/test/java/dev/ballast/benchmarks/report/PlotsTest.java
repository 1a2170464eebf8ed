package dev.ballast.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    @Test
    void eachResultFileGetsItsPlots(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tpcb.json"), """
                {"title":"t","results":[
                 {"poolSize":10,"clients":4,"pool":"ballast","tps":7000,"latencyMicros":{"p99Micros":1500}},
                 {"poolSize":10,"clients":4,"pool":"agroal","tps":8000,"latencyMicros":{"p99Micros":1200}},
                 {"poolSize":20,"clients":64,"pool":"ballast","tps":3000,"latencyMicros":{"p99Micros":9000}}]}
                """);
        Files.writeString(dir.resolve("soak.json"), """
                {"summary":"1 s","samples":[
                 {"seconds":5,"heapUsedMb":40.5,"threads":60,"serverConnections":20},
                 {"seconds":10,"heapUsedMb":41.0,"threads":60,"serverConnections":19}]}
                """);

        Map<String, String> svgs = Plots.render(dir);

        assertThat(svgs).containsOnlyKeys("tpcb-pool10-tps.svg", "tpcb-pool10-p99.svg", "tpcb-pool20-tps.svg",
                "tpcb-pool20-p99.svg", "soak.svg");
        assertThat(svgs.get("tpcb-pool10-tps.svg")).startsWith("<svg").contains("agroal: 8000").contains("4 clients");
        assertThat(svgs.get("tpcb-pool10-p99.svg")).contains("ballast: 1.5"); // ms
        assertThat(svgs.get("soak.svg")).contains("server connections").contains("<polyline");
    }

    @Test
    void axesEndOnRoundNumbers() {
        assertThat(SvgChart.niceCeiling(0)).isEqualTo(1);
        assertThat(SvgChart.niceCeiling(7.3)).isEqualTo(10);
        assertThat(SvgChart.niceCeiling(1_234)).isEqualTo(2_000);
        assertThat(SvgChart.niceCeiling(45)).isEqualTo(50);
    }

    @Test
    void textIsEscaped() {
        String svg = SvgChart.bars("a < b & c", "ms", List.of("x"), List.of("\"q\""), new double[][] {{1}});
        assertThat(svg).contains("a &lt; b &amp; c").contains("&quot;q&quot;").doesNotContain("a < b");
    }
}
