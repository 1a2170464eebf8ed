package dev.ballast.benchmarks.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.benchmarks.report.ResultFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailoverReportTest {

    @Test
    void resultsAreWrittenAsMarkdownAndJsonWithDurationsInMilliseconds(@TempDir Path dir) throws Exception {
        // regression: the settings record held Durations, which the JSON mapper refused after a whole run
        FailoverRun.Settings settings = new FailoverRun.Settings(8, 8, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(15));
        List<FailoverRun.Result> results = List.of(
                new FailoverRun.Result("ballast", 1000, 130, 400, 1300, 1200, 990, 20_000, Map.of("X 08001", 1L)),
                new FailoverRun.Result("hikari", 1000, 140, -1, -1, -1, 0, 5_000, Map.of()));
        String markdown = FailoverScenario.report("title", results);
        ResultFiles.write(dir, "failover", markdown, FailoverScenario.json("title", settings, results));
        assertThat(Files.readString(dir.resolve("failover.json"), StandardCharsets.UTF_8))
                .contains("\"borrowTimeoutMillis\" : 5000").contains("\"firstWriteMillis\" : 400");
        assertThat(markdown).contains("| ballast").contains("| 400 ").contains("never");
    }
}
