package dev.ballast.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sampler's own logic, without a database: it never queries while told to skip (the circuit is open). */
class ActivitySamplerTest {

    @Test
    void noSampleIsTakenWhileTheCircuitIsOpenAndAFailedSampleReadsAsUnknown() {
        AtomicInteger opens = new AtomicInteger();
        AtomicBoolean circuitOpen = new AtomicBoolean(true);
        ActivitySampler sampler = ActivitySampler.create(() -> {
            opens.incrementAndGet();
            throw new SQLException("connection refused", "08001");
        }, "app", circuitOpen::get, "test-activity");
        try {
            sampler.sample();
            sampler.sample();
            assertThat(opens).as("no connection attempt while the circuit is open").hasValue(0);
            assertThat(sampler.total()).isEqualTo(-1);

            circuitOpen.set(false);
            sampler.sample();
            assertThat(opens).hasValue(1);
            assertThat(sampler.total()).as("a failed sample reads as unknown, not as zero").isEqualTo(-1);
            assertThat(sampler.active()).isEqualTo(-1);
            assertThat(sampler.idle()).isEqualTo(-1);
        } finally {
            sampler.close();
        }
    }
}
