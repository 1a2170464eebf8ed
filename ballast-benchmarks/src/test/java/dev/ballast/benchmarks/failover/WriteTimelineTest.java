package dev.ballast.benchmarks.failover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteTimelineTest {

    private static final long MS = 1_000_000L;

    @Test
    void firstSuccessAfterTheMarkIgnoresEarlierWrites() {
        WriteTimeline t = new WriteTimeline(0, 100 * MS, 100);
        t.success(50 * MS);
        t.mark(1_000 * MS);
        t.success(900 * MS);
        assertThat(t.firstSuccessAfterMark()).isEqualTo(Long.MAX_VALUE);
        t.success(1_700 * MS);
        t.success(1_300 * MS);
        assertThat(t.firstSuccessAfterMark()).isEqualTo(1_300 * MS);
    }

    @Test
    void rateCountsWholeBucketsPerSecond() {
        WriteTimeline t = new WriteTimeline(0, 100 * MS, 100);
        for (int i = 0; i < 1_000; i++) {
            t.success(i * MS); // one write per ms during the first second
        }
        assertThat(t.rate(0, 1_000 * MS)).isEqualTo(1_000.0);
        assertThat(t.rate(0, 2_000 * MS)).isEqualTo(500.0);
    }

    @Test
    void fullThroughputIsTheEndOfTheFirstWindowBackAtTheTargetRate() {
        WriteTimeline t = new WriteTimeline(0, 100 * MS, 100);
        // 1,000/s until 2 s, nothing until 3 s, 500/s until 4 s, 1,000/s from 4 s on
        for (long ms = 0; ms < 10_000; ms++) {
            if (ms < 2_000 || ms >= 4_000 || (ms >= 3_000 && ms % 2 == 0)) {
                t.success(ms * MS);
            }
        }
        assertThat(t.endOfFirstWindowReaching(2_000 * MS, 1_000 * MS, 900)).isEqualTo(4_800 * MS);
        assertThat(t.endOfFirstWindowReaching(2_000 * MS, 1_000 * MS, 2_000)).isEqualTo(Long.MAX_VALUE);
    }
}
