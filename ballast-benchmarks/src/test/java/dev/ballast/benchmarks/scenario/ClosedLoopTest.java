package dev.ballast.benchmarks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    @Test
    void recordsOnlyWhatStartedInTheMeasuredWindow() throws Exception {
        ClosedLoop.Outcome outcome = ClosedLoop.run(Executors.newFixedThreadPool(2), 2, Duration.ofMillis(50),
                Duration.ofMillis(200), (worker, loop, measured) -> {
                    if (worker == 1) {
                        throw new SQLException("always fails", "40001");
                    }
                    Thread.onSpinWait();
                    loop.record(worker, measured, 1_000);
                });
        assertThat(outcome.operations()).isPositive();
        assertThat(outcome.perWorker()).hasSize(2);
        assertThat(outcome.perWorker()[0]).isZero();
        assertThat(outcome.starvedWorkers()).isEqualTo(1);
        assertThat(outcome.failures()).containsKey("SQLException 40001");
        assertThat(outcome.latencies().getMaxValue()).isBetween(999L, 1_001L);
        assertThat(outcome.throughputPerSecond()).isPositive();
    }
}
