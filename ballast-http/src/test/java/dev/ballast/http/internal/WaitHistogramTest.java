package dev.ballast.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WaitHistogramTest {

    @Test
    void quantilesAreWithinABucketOfTheTruth() {
        WaitHistogram h = new WaitHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(TimeUnit.MICROSECONDS.toNanos(i * 10L)); // 10 µs .. 10 ms, uniform
        }
        WaitHistogram.Quantiles q = h.drain();
        assertThat(q.count()).isEqualTo(1000);
        assertThat(q.p50Nanos()).isCloseTo(5_000_000, within(5_000_000 * 0.07));
        assertThat(q.p99Nanos()).isCloseTo(9_900_000, within(9_900_000 * 0.07));
    }

    @Test
    void drainingEmptiesItAndAnEmptySecondHasNoQuantiles() {
        WaitHistogram h = new WaitHistogram();
        h.record(0);
        h.record(500);
        assertThat(h.drain().count()).isEqualTo(2);
        WaitHistogram.Quantiles none = h.drain();
        assertThat(none.count()).isZero();
        assertThat(none.p50Nanos()).isNaN();
    }

    @Test
    void extremeWaitsLandInTheEndBuckets() {
        assertThat(WaitHistogram.index(0)).isZero();
        assertThat(WaitHistogram.index(1023)).isZero();
        assertThat(WaitHistogram.index(1024)).isEqualTo(1);
        assertThat(WaitHistogram.index(Long.MAX_VALUE)).isEqualTo(WaitHistogram.BUCKETS - 1);
        for (long v = 1024; v < 1L << 40; v = v * 3 / 2) {
            double mid = WaitHistogram.middle(WaitHistogram.index(v));
            assertThat(Math.abs(mid - v) / v).as("relative error at %d", v).isLessThan(0.07);
        }
    }
}
