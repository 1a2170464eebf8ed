package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.internal.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one retirement rule (issue #11 item 10), pinned with a fake clock. */
class RetirementTest {

    private static final long LIFETIME = Duration.ofMinutes(10).toNanos();
    private static final long IDLE_LIFETIME = Duration.ofMinutes(1).toNanos();

    private final FakeClock clock = new FakeClock();
    private final Retirement rule = new Retirement(LIFETIME, IDLE_LIFETIME);

    private PoolEntry open(Retirement r, int generation) {
        long now = clock.nanoTime();
        return new PoolEntry(null, null, null, now, r.expiresAt(now), generation);
    }

    private void advanceTo(long instant) {
        clock.advance(Duration.ofNanos(instant - clock.nanoTime()));
    }

    @Test
    void theLifetimeIsJitteredDownByAtMostATenthAndRetiresAConnectionTheMomentItEnds() {
        for (int i = 0; i < 1_000; i++) {
            long lived = rule.expiresAt(clock.nanoTime()) - clock.nanoTime();
            assertThat(lived).isBetween(LIFETIME - LIFETIME / 10, LIFETIME);
        }
        PoolEntry e = open(rule, 0);
        advanceTo(e.expiresAt - 1);
        e.lastUsedAt = clock.nanoTime(); // in use all along: the idle lifetime plays no part
        assertThat(rule.reason(e, clock.nanoTime(), 0, 5)).isNull();
        clock.advance(Duration.ofNanos(1));
        assertThat(rule.reason(e, clock.nanoTime(), 0, 0)).isEqualTo(ConnectionCloseReason.LIFETIME);
    }

    @Test
    void aConnectionFromBeforeEvictAllIsEvictedWhateverItsAge() {
        PoolEntry e = open(rule, 3);
        assertThat(rule.reason(e, clock.nanoTime(), 3, 0)).isNull();
        assertThat(rule.reason(e, clock.nanoTime(), 4, 0)).isEqualTo(ConnectionCloseReason.EVICTED);
        clock.advance(Duration.ofMinutes(11)); // also past its lifetime: eviction is the reason given
        assertThat(rule.reason(e, clock.nanoTime(), 4, 0)).isEqualTo(ConnectionCloseReason.EVICTED);
    }

    @Test
    void theIdleLifetimeRetiresOnlyConnectionsThePoolHoldsAboveItsMinimum() {
        PoolEntry e = open(rule, 0);
        clock.advance(Duration.ofSeconds(59));
        assertThat(rule.reason(e, clock.nanoTime(), 0, 2)).isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(rule.reason(e, clock.nanoTime(), 0, 2)).isEqualTo(ConnectionCloseReason.IDLE);
        assertThat(rule.reason(e, clock.nanoTime(), 0, 0)).as("at the minimum, or being borrowed").isNull();
        e.lastUsedAt = clock.nanoTime(); // used again: idle time starts over
        assertThat(rule.reason(e, clock.nanoTime(), 0, 2)).isNull();
    }

    @Test
    void aZeroLifetimeOrIdleLifetimeNeverRetires() {
        Retirement never = new Retirement(0, 0);
        PoolEntry e = open(never, 0);
        assertThat(e.expiresAt).isEqualTo(Long.MAX_VALUE);
        clock.advance(Duration.ofDays(400));
        assertThat(never.reason(e, clock.nanoTime(), 0, 10)).isNull();
        assertThat(never.reason(e, Long.MIN_VALUE + 5, 0, 10)).as("whatever the clock's origin").isNull();
    }
}
