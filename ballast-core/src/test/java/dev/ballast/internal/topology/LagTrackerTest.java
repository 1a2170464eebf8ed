package dev.ballast.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LagTrackerTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aStandbyThatReplayedEverythingHasNoLagEvenWhenThePrimaryIsIdleForLong() {
        LagTracker t = new LagTracker(30 * S);
        t.primaryAt(0, 1000);
        t.primaryAt(3600 * S, 1000); // an hour without writes
        assertThat(t.lagNanos(3600 * S, 1000)).isZero();
    }

    @Test
    void lagIsHowLongAgoThePrimaryWroteWhatTheStandbyHasReplayed() {
        LagTracker t = new LagTracker(30 * S);
        t.primaryAt(0, 1000);
        t.primaryAt(1 * S, 2000);
        t.primaryAt(2 * S, 3000);
        // replayed up to 1500: the primary was there at 0.5 s; now is 2 s
        assertThat(t.lagNanos(2 * S, 1500)).isEqualTo(1_500_000_000L);
        assertThat(t.lagNanos(2 * S, 2000)).isEqualTo(1 * S);
        assertThat(t.lagNanos(2 * S, 3000)).isZero();
    }

    @Test
    void lagGrowsWhileAStandbyStandsStill() {
        LagTracker t = new LagTracker(30 * S);
        t.primaryAt(0, 1000);
        t.primaryAt(1 * S, 2000);
        for (int s = 2; s <= 10; s++) {
            t.primaryAt(s * S, 2000 + s * 100L);
        }
        assertThat(t.lagNanos(10 * S, 2000)).isEqualTo(9 * S);
    }

    @Test
    void aStandbyBehindAllKeptHistoryIsReportedAtLeastTheHorizonBehind() {
        LagTracker t = new LagTracker(5 * S);
        for (int s = 0; s <= 20; s++) {
            t.primaryAt(s * S, 1000 + s * 100L);
        }
        assertThat(t.lagNanos(20 * S, 1000)).isGreaterThanOrEqualTo(5 * S);
    }

    @Test
    void aFreshTrackerKnowsNothingAndAStandbyBehindItsOnlyMarkIsBeyondTheHorizon() {
        LagTracker t = new LagTracker(5 * S);
        assertThat(t.lagNanos(0, 10)).isEqualTo(-1);
        t.primaryAt(0, 1000);
        assertThat(t.lagNanos(0, 999)).isEqualTo(5 * S);
        assertThat(t.lagNanos(0, 1000)).isZero();
    }

    @Test
    void aLowerPrimaryPositionStartsANewHistory() {
        LagTracker t = new LagTracker(30 * S);
        t.primaryAt(0, 5000);
        t.primaryAt(1 * S, 100);
        assertThat(t.lagNanos(1 * S, 100)).isZero();
    }

    @Test
    void lsnTextRoundTrips() {
        assertThat(Lsn.parse("16/B374D848")).isEqualTo((0x16L << 32) | 0xB374D848L);
        assertThat(Lsn.format(Lsn.parse("16/B374D848"))).isEqualTo("16/B374D848");
        assertThat(Lsn.parse(null)).isEqualTo(-1);
    }
}
