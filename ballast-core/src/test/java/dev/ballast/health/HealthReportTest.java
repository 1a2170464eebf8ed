package dev.ballast.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthReportTest {

    @Test
    void durationsAreRenderedAsDotNetTimeSpans() {
        assertThat(HealthReport.timeSpan(Duration.ofMillis(12))).isEqualTo("00:00:00.0120000");
        assertThat(HealthReport.timeSpan(Duration.ofNanos(1_234_567_800L))).isEqualTo("00:00:01.2345678");
        assertThat(HealthReport.timeSpan(Duration.ofHours(25).plusMinutes(2).plusSeconds(3)))
                .isEqualTo("1.01:02:03.0000000");
        assertThat(HealthReport.timeSpan(Duration.ZERO)).isEqualTo("00:00:00.0000000");
    }

    @Test
    void jsonHasTheAspNetHealthChecksUiShape() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pooling_enabled", true);
        data.put("max_pool_size", 20);
        HealthReport report = new HealthReport("database", HealthStatus.DEGRADED, "small pool",
                Duration.ofMillis(5), data, List.of("ready"));

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.get("status").asText()).isEqualTo("Degraded");
        assertThat(json.get("totalDuration").asText()).isEqualTo("00:00:00.0050000");
        JsonNode entry = json.get("entries").get("database");
        assertThat(entry.get("status").asText()).isEqualTo("Degraded");
        assertThat(entry.get("description").asText()).isEqualTo("small pool");
        assertThat(entry.get("duration").asText()).isEqualTo("00:00:00.0050000");
        assertThat(entry.get("data").get("pooling_enabled").asBoolean()).isTrue();
        assertThat(entry.get("data").get("max_pool_size").asInt()).isEqualTo(20);
        assertThat(entry.get("tags").get(0).asText()).isEqualTo("ready");
    }

    @Test
    void worstOfTwoStatusesIsTheMoreSevere() {
        assertThat(HealthStatus.HEALTHY.worst(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthStatus.UNHEALTHY.worst(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(HealthStatus.HEALTHY.worst(HealthStatus.HEALTHY)).isEqualTo(HealthStatus.HEALTHY);
    }
}
