package dev.ballast.demo.chaos.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplicaChaosReportTest {

    private static final ReplicaChaosPlan PLAN = ReplicaChaosPlan.standard(Duration.ofSeconds(20), 2);

    /** A tally in which every planned fault was injected and repaired, with a write after the failover. */
    private static ReplicaTally tallyWithFaults(Map<UUID, List<Long>> rows) {
        ReplicaTally tally = new ReplicaTally(0);
        write(tally, 10, rows);
        tally.read(11, 12, new ReplicaClient.Read(true, true), true);
        long t = 100;
        for (ReplicaChaosPlan.Step step : PLAN.steps()) {
            int w = tally.openWindow(step.fault(), t);
            tally.repaired(w, t + 10, "ok");
            write(tally, t + 20, rows);
            t += 100;
        }
        return tally;
    }

    private static void write(ReplicaTally tally, long at, Map<UUID, List<Long>> rows) {
        UUID key = UUID.randomUUID();
        long id = rows.size() + 1;
        tally.writeAcked(at, at + 1, key, id);
        rows.put(key, new java.util.ArrayList<>(List.of(id)));
    }

    @Test
    void passesWhenEveryWriteIsFoundOnceNoReadIsStaleAndStandbysServedReads() {
        Map<UUID, List<Long>> rows = new HashMap<>();
        ReplicaTally tally = tallyWithFaults(rows);
        ReplicaChaosReport report = ReplicaChaosReport.verify(PLAN, tally, rows);
        assertThat(report.problems()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.acknowledged()).isEqualTo(4);
        assertThat(report.format()).contains("PASSED").contains("#2 failover");
    }

    @Test
    void aMissingWriteADuplicateAStaleReadAndNoStandbyReadEachFailTheRun() {
        Map<UUID, List<Long>> rows = new HashMap<>();
        ReplicaTally tally = tallyWithFaults(rows);
        tally.read(500, 501, new ReplicaClient.Read(false, false), true); // missed its own write
        UUID lost = UUID.randomUUID();
        tally.writeAcked(502, 503, lost, 99);
        UUID doubled = rows.keySet().iterator().next();
        rows.get(doubled).add(1000L);
        ReplicaChaosReport report = ReplicaChaosReport.verify(PLAN, tally, rows);
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.staleReads()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
        assertThat(report.problems()).hasSize(3);

        ReplicaTally primaryOnly = new ReplicaTally(0);
        Map<UUID, List<Long>> none = new HashMap<>();
        primaryOnly.read(1, 2, new ReplicaClient.Read(true, false), false);
        assertThat(ReplicaChaosReport.verify(PLAN, primaryOnly, none).problems())
                .anyMatch(p -> p.contains("no read was served by a standby"))
                .anyMatch(p -> p.contains("no write was acknowledged"))
                .anyMatch(p -> p.contains("not carried out"));
    }

    @Test
    void aFailoverWithoutAWriteAfterItFailsTheRun() {
        ReplicaTally tally = new ReplicaTally(0);
        Map<UUID, List<Long>> rows = new HashMap<>();
        write(tally, 1, rows);
        tally.read(2, 3, new ReplicaClient.Read(true, true), true);
        int w = tally.openWindow(ReplicaFault.FAILOVER, 10);
        tally.repaired(w, 20, "promoted");
        assertThat(ReplicaChaosReport.verify(PLAN, tally, rows).problems())
                .anyMatch(p -> p.contains("no write was acknowledged after failover #1"));
    }

    @Test
    void theStandardPlanLagsFailsOverAndLagsAgainWithinTheRun() {
        assertThat(PLAN.steps()).extracting(ReplicaChaosPlan.Step::fault)
                .containsExactly(ReplicaFault.LAG, ReplicaFault.FAILOVER, ReplicaFault.LAG);
        ReplicaChaosPlan.Step last = PLAN.steps().get(2);
        assertThat(last.at().plus(last.hold())).isLessThan(PLAN.duration());
        assertThatThrownBy(() -> ReplicaChaosPlan.standard(Duration.ofSeconds(8), 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
