package dev.ballast.internal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.testing.Await;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The coarse clock's ticking and its ticker thread's life, over a fake clock (no pool involved). */
class CoarseClockTest {

    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aHeldClockFollowsItsSourceWithinATick() {
        FakeClock source = new FakeClock();
        CoarseClock coarse = new CoarseClock(source, TICK, "coarse-follows");
        coarse.acquire();
        try {
            long before = coarse.nanoTime();
            source.advance(Duration.ofSeconds(5));
            assertThat(coarse.nanoTime()).isEqualTo(before); // until the next tick, the old reading
            Await.until(Duration.ofSeconds(10), () -> coarse.nanoTime() == source.nanoTime(), "the next tick");
        } finally {
            coarse.release();
        }
    }

    @Test
    void theTickerRunsWhileAnyHolderHoldsAndEndsWithTheLastRelease() {
        CoarseClock coarse = new CoarseClock(new FakeClock(), TICK, "coarse-holders");
        coarse.acquire();
        coarse.acquire();
        assertThat(alive("coarse-holders")).isTrue();
        coarse.release();
        assertThat(alive("coarse-holders")).isTrue();
        coarse.release();
        assertThat(alive("coarse-holders")).isFalse(); // release waits for the thread
        coarse.acquire(); // and a later holder starts a new one
        try {
            assertThat(alive("coarse-holders")).isTrue();
        } finally {
            coarse.release();
        }
        assertThat(alive("coarse-holders")).isFalse();
    }

    @Test
    void acquireReadsTheSourceSoThatTheFirstReadingIsCurrent() {
        FakeClock source = new FakeClock();
        CoarseClock coarse = new CoarseClock(source, TimeUnit.HOURS.toNanos(1), "coarse-first");
        source.advance(Duration.ofMinutes(3));
        coarse.acquire();
        try {
            assertThat(coarse.nanoTime()).isEqualTo(source.nanoTime());
        } finally {
            coarse.release();
        }
    }

    @Test
    void releasingAClockNobodyHoldsIsAnError() {
        CoarseClock coarse = new CoarseClock(new FakeClock(), TICK, "coarse-unheld");
        assertThatThrownBy(coarse::release).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released more often than acquired");
    }

    private static boolean alive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(name));
    }
}
