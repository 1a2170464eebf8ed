package dev.ballast.spring.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.demo.AppSettings;
import dev.ballast.demo.ChaosMode;
import dev.ballast.demo.chaos.ChaosPlan;
import dev.ballast.demo.chaos.ChaosReport;
import dev.ballast.demo.chaos.FaultKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A short chaos run against the Spring Boot application, as {@code ./ballast chaos --spring --duration 20s
 * --clients 8} would do it: the plain demo's runner, faults and tally, only the target differs.
 */
class SpringChaosModeTest {

    @Test
    void everyFaultKindHappensAndNoAcknowledgedWriteIsLostOrDuplicated() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ChaosReport report;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            report = ChaosMode.run(AppSettings.parse("{}", Map.of(), "test"),
                    ChaosPlan.standard(Duration.ofSeconds(20), 8), out, SpringChaosTarget::start);
        } finally {
            System.out.println(buffer.toString(StandardCharsets.UTF_8)); // kept in the surefire output file
        }
        assertThat(report.faultsInjected()).containsExactlyInAnyOrder(FaultKind.values());
        assertThat(report.acknowledged()).isPositive();
        assertThat(report.missing()).isZero();
        assertThat(report.duplicates()).isZero();
        assertThat(report.failedButCommitted()).isZero();
        assertThat(report.passed()).isTrue();
    }
}
