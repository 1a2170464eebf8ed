package dev.ballast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.demo.chaos.replica.ReplicaChaosPlan;
import dev.ballast.demo.chaos.replica.ReplicaChaosReport;
import dev.ballast.demo.chaos.replica.ReplicaFault;
import dev.ballast.demo.chaos.replica.ReplicaTally;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A short replica-set chaos run, as {@code ./ballast chaos --replicas 2 --duration 20s --clients 6} would do it. */
class ReplicaChaosModeTest {

    @Test
    void standbysServeReadsAndAFailoverLosesNoAcknowledgedWriteAndNoReadMissesItsOwnWrite() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ReplicaChaosReport report;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            report = ReplicaChaosMode.run(AppSettings.parse("{}", Map.of(), "test"),
                    ReplicaChaosPlan.standard(Duration.ofSeconds(20), 6), 2, out);
        } finally {
            System.out.println(buffer.toString(StandardCharsets.UTF_8)); // kept in the surefire output file
        }
        assertThat(report.windows()).extracting(ReplicaTally.WindowStats::fault)
                .containsExactly(null, ReplicaFault.LAG, ReplicaFault.FAILOVER, ReplicaFault.LAG);
        assertThat(report.acknowledged()).isPositive();
        assertThat(report.missing()).isZero();
        assertThat(report.duplicates()).isZero();
        assertThat(report.staleReads()).isZero();
        ReplicaTally.WindowStats baseline = report.windows().get(0);
        assertThat(baseline.count(ReplicaTally.Count.READS_ON_STANDBY)).as("standby reads before any fault")
                .isGreaterThan(baseline.count(ReplicaTally.Count.READS) / 4);
        assertThat(report.readsOnStandby()).isPositive();
        ReplicaTally.WindowStats failover = report.windows().get(2);
        assertThat(failover.writeRecoveryNanos()).as("writes acknowledged again after the promotion").isNotNull();
        assertThat(report.problems()).isEmpty();
        assertThat(report.passed()).isTrue();
    }
}
