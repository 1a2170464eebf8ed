package dev.ballast.demo.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The bookkeeping alone: times are plain numbers, no clock, no threads. */
class ChaosReportTest {

    private final ChaosPlan plan = ChaosPlan.standard(Duration.ofSeconds(20), 2);

    @Test
    void requestsBelongToTheWindowTheyStartedIn() {
        Tally tally = new Tally(1_000);
        tally.request(1_500, Outcome.SUCCEEDED);
        int stop = tally.openWindow(FaultKind.STOP, 2_000);
        tally.request(1_999, Outcome.SUCCEEDED); // started before the fault, answered during it
        tally.request(2_100, Outcome.FAILED_FAST);
        tally.request(2_200, Outcome.UNAVAILABLE);
        List<WindowStats> w = tally.windows();
        assertThat(w.get(0).requests()).isEqualTo(2);
        assertThat(w.get(stop).count(Outcome.FAILED_FAST)).isEqualTo(1);
        assertThat(w.get(stop).count(Outcome.UNAVAILABLE)).isEqualTo(1);
        assertThat(tally.currentFault()).isEqualTo(FaultKind.STOP);
    }

    @Test
    void recoveryIsFromRestorationToTheFirstWriteSentAfterItAndAcknowledged() {
        Tally tally = new Tally(0);
        int w = tally.openWindow(FaultKind.CRASH, 1_000);
        tally.write(1_500, 9_000, UUID.randomUUID(), Outcome.SUCCEEDED, 1); // sent before the restore: not counted
        tally.restored(w, 2_000, "pid 42 killed");
        tally.write(2_100, 2_300, UUID.randomUUID(), Outcome.FAILED_FAST, -1);
        tally.write(2_400, 3_000, UUID.randomUUID(), Outcome.SUCCEEDED, 2);
        tally.write(2_500, 2_900, UUID.randomUUID(), Outcome.SUCCEEDED, 3);
        WindowStats stats = tally.windows().get(w);
        assertThat(stats.faultNanos()).isEqualTo(1_000);
        assertThat(stats.recoveryNanos()).isEqualTo(900);
        assertThat(stats.note()).isEqualTo("pid 42 killed");
        assertThat(tally.currentFault()).isNull();
    }

    @Test
    void passesWhenEveryAcknowledgedWriteIsThereOnce() {
        Tally tally = new Tally(0);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID doubt = UUID.randomUUID();
        tally.write(1, 2, a, Outcome.SUCCEEDED, 10);
        tally.write(1, 2, b, Outcome.SUCCEEDED, 11);
        tally.write(1, 2, doubt, Outcome.IN_DOUBT, -1);
        ChaosReport report = ChaosReport.verify(plan, tally, Map.of(a, List.of(10L), b, List.of(11L),
                doubt, List.of(12L)));
        assertThat(report.passed()).isTrue();
        assertThat(report.acknowledged()).isEqualTo(2);
        assertThat(report.found()).isEqualTo(2);
        assertThat(report.format()).contains("RESULT: PASS").contains("committed anyway: 1 in doubt");
    }

    @Test
    void failsOnAMissingWrite() {
        Tally tally = new Tally(0);
        tally.write(1, 2, UUID.randomUUID(), Outcome.SUCCEEDED, 10);
        ChaosReport report = ChaosReport.verify(plan, tally, Map.of());
        assertThat(report.passed()).isFalse();
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.format()).contains("RESULT: FAIL - 1 acknowledged write(s) missing");
        assertThat(report.anomalies()).singleElement().asString().startsWith("MISSING")
                .contains("rows with this key: none").contains("id 10 does not exist");
    }

    @Test
    void aMissingWriteWhoseIdHoldsAnotherKeyIsNamed() {
        Tally tally = new Tally(0);
        UUID mine = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        tally.write(1, 2, mine, Outcome.SUCCEEDED, 10);
        ChaosReport report = ChaosReport.verify(plan, tally, Map.of(mine, List.of(11L), other, List.of(10L)));
        assertThat(report.anomalies()).singleElement().asString().contains("rows with this key: [11]")
                .contains("id 10 holds key " + other);
    }

    @Test
    void failsOnADuplicatedWriteEvenIfTheAcknowledgedRowIsThere() {
        Tally tally = new Tally(0);
        UUID key = UUID.randomUUID();
        tally.write(1, 2, key, Outcome.SUCCEEDED, 10);
        ChaosReport report = ChaosReport.verify(plan, tally, Map.of(key, List.of(10L, 11L)));
        assertThat(report.found()).isEqualTo(1);
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void failsWhenAWriteAnswered503WasCommittedAnyway() {
        Tally tally = new Tally(0);
        UUID key = UUID.randomUUID();
        tally.write(1, 2, key, Outcome.UNAVAILABLE, -1);
        ChaosReport report = ChaosReport.verify(plan, tally, Map.of(key, List.of(10L)));
        assertThat(report.failedButCommitted()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void faultsThatFailedToInjectDoNotCountAsInjected() {
        Tally tally = new Tally(0);
        int ok = tally.openWindow(FaultKind.TERMINATE, 10);
        tally.restored(ok, 11, "3 sessions terminated");
        int bad = tally.openWindow(FaultKind.PARTITION, 20);
        tally.faultFailed(bad, "boom");
        ChaosReport report = ChaosReport.verify(plan, tally, Map.of());
        assertThat(report.faultsInjected()).containsExactly(FaultKind.TERMINATE);
    }
}
