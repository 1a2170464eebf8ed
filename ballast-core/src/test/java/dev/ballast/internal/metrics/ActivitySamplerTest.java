package dev.ballast.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.internal.time.FakeClock;
import dev.ballast.testing.Await;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sampler's own logic, without a database: when it borrows a connection, and what a failed sample reads as. */
class ActivitySamplerTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    @Test
    void noSampleIsTakenWhileTheCircuitIsOpenAndAFailedSampleReadsAsUnknown() {
        AtomicInteger borrows = new AtomicInteger();
        AtomicBoolean circuitOpen = new AtomicBoolean(true);
        ActivitySampler sampler = ActivitySampler.create(() -> {
            borrows.incrementAndGet();
            throw new SQLException("connection refused", "08001");
        }, "app", circuitOpen::get, new FakeClock(), INTERVAL, "test-activity");
        try {
            sampler.sample();
            sampler.sample();
            assertThat(borrows).as("no borrow while the circuit is open").hasValue(0);

            circuitOpen.set(false);
            sampler.sample();
            assertThat(borrows).hasValue(1);
            assertThat(sampler.total()).as("a failed sample reads as unknown, not as zero").isEqualTo(-1);
            assertThat(sampler.active()).isEqualTo(-1);
            assertThat(sampler.idle()).isEqualTo(-1);
        } finally {
            sampler.close();
        }
    }

    @Test
    void samplesOnlyWhileSomeoneReadsTheGauges() {
        AtomicInteger borrows = new AtomicInteger();
        FakeClock clock = new FakeClock();
        ActivitySampler sampler = ActivitySampler.create(() -> {
            borrows.incrementAndGet();
            throw new SQLException("no server in a unit test", "08001");
        }, "app", () -> false, clock, INTERVAL, "test-activity");
        try {
            sampler.tick();
            clock.advance(INTERVAL);
            sampler.tick();
            assertThat(borrows).as("nobody has read a gauge: no sample").hasValue(0);

            sampler.total(); // a metrics reader collects: a sample is asked for at once
            Await.until(Duration.ofSeconds(10), () -> borrows.get() == 1, "the sample asked for by a read");
            sampler.tick();
            assertThat(borrows).as("the last sample is fresh").hasValue(1);

            clock.advance(INTERVAL);
            sampler.tick();
            assertThat(borrows).as("a reader is still around: sampled again after the interval").hasValue(2);

            clock.advance(ActivitySampler.READERS_GONE_AFTER);
            sampler.tick();
            clock.advance(INTERVAL);
            sampler.tick();
            assertThat(borrows).as("no read for %s: sampling stopped", ActivitySampler.READERS_GONE_AFTER)
                    .hasValue(2);
        } finally {
            sampler.close();
        }
    }
}
