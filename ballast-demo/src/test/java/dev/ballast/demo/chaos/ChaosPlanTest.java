package dev.ballast.demo.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosPlanTest {

    @Test
    void aMinuteHasEachFaultOnceWithFullHoldsAndAQuietStartAndEnd() {
        ChaosPlan plan = ChaosPlan.standard(Duration.ofSeconds(60), 32);
        List<ScheduledFault> faults = plan.faults();
        assertThat(faults).extracting(ScheduledFault::kind).containsExactly(FaultKind.STOP, FaultKind.CRASH,
                FaultKind.TERMINATE, FaultKind.PARTITION);
        assertThat(faults.get(0).at()).isEqualTo(Duration.ofSeconds(5));
        assertThat(faults.get(0).hold()).isEqualTo(Duration.ofSeconds(2));
        assertThat(faults.get(3).hold()).isEqualTo(Duration.ofSeconds(3));
        assertThat(faults.get(3).at().plus(faults.get(3).hold())).isLessThan(Duration.ofSeconds(52));
    }

    @Test
    void longerRunsRepeatTheCycle() {
        assertThat(ChaosPlan.standard(Duration.ofMinutes(2), 8).faults()).hasSize(8);
    }

    @Test
    void shortRunsStillHaveEveryKindWithShorterHolds() {
        ChaosPlan plan = ChaosPlan.standard(Duration.ofSeconds(20), 8);
        assertThat(plan.faults()).extracting(ScheduledFault::kind).containsExactly(FaultKind.values());
        assertThat(plan.faults().get(0).hold()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void tooShortToFitTheFaults() {
        assertThatThrownBy(() -> ChaosPlan.standard(Duration.ofSeconds(5), 1)).hasMessageContaining("at least 8 s");
    }
}
