package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.pool.PoolStats;
import org.junit.jupiter.api.Test;

/** The pool's own helpers borrow only what would otherwise sit idle. */
class PoolLoadTest {

    /**
     * Connections parked above the automatic sizing's limit count as idle but serve no one: while callers queue, the
     * activity sampler must not borrow (it would wait in line behind the application).
     */
    @Test
    void anIdleConnectionIsNotToSpareWhileCallersQueue() {
        assertThat(PoolLoad.noneToSpare(stats(6, 2, 4, 3))).isTrue();
        assertThat(PoolLoad.noneToSpare(stats(6, 0, 6, 0))).isTrue();
        assertThat(PoolLoad.noneToSpare(stats(6, 2, 4, 0))).isFalse();
    }

    private static PoolStats stats(int total, int idle, int used, int pending) {
        return new PoolStats(total, idle, used, pending, 10, 2, 0, total, 0, 0, 0);
    }
}
