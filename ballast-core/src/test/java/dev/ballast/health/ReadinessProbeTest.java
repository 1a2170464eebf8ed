package dev.ballast.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.pool.PoolStats;
import dev.ballast.testing.DataSourceDefaults;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When the readiness probe asks the database, and when the busy pool is its answer. */
class ReadinessProbeTest {

    /**
     * With EnablePoolAutoTuning the limit can sit below MaxPoolSize, and connections parked above it count as idle.
     * Callers queueing with connections in use is still a busy pool, not a broken one: the probe must not queue behind
     * them (it would wait out its timeout and report the pool unready exactly when it is working hardest).
     */
    @Test
    void aPoolWhoseCallersQueueIsBusyThoughConnectionsParkedAboveItsLimitCountAsIdle() {
        CountingDataSource db = new CountingDataSource();
        PoolStats tunedAndQueueing = stats(6, 2, 4, 3, 10);
        ReadinessProbe probe = new ReadinessProbe(db, () -> tunedAndQueueing, true, Duration.ofSeconds(2),
                System::nanoTime, "probe-test", m -> m);
        ReadinessProbe.Outcome outcome = probe.outcome();
        assertThat(outcome.saturated()).isTrue();
        assertThat(outcome.failure()).isNull();
        assertThat(db.borrows).as("no borrow queued behind the callers").hasValue(0);
    }

    @Test
    void aPoolWithAConnectionToSpareAsksTheDatabase() {
        CountingDataSource db = new CountingDataSource();
        ReadinessProbe probe = new ReadinessProbe(db, () -> stats(6, 2, 4, 0, 10), true, Duration.ofSeconds(2),
                System::nanoTime, "probe-test", m -> m);
        ReadinessProbe.Outcome outcome = probe.outcome();
        assertThat(outcome.saturated()).isFalse();
        assertThat(db.borrows).hasValue(1);
        assertThat(outcome.failure()).contains("no database here");
    }

    @Test
    void aFullPoolWithEveryConnectionInUseIsBusy() {
        CountingDataSource db = new CountingDataSource();
        ReadinessProbe probe = new ReadinessProbe(db, () -> stats(10, 0, 10, 0, 10), true, Duration.ofSeconds(2),
                System::nanoTime, "probe-test", m -> m);
        assertThat(probe.outcome().saturated()).isTrue();
        assertThat(db.borrows).hasValue(0);
    }

    private static PoolStats stats(int total, int idle, int used, int pending, int max) {
        return new PoolStats(total, idle, used, pending, max, 2, 0, total, 0, 0, 0);
    }

    /** Counts borrows; every borrow fails, as from a database that is not there. */
    private static final class CountingDataSource implements DataSourceDefaults {
        final AtomicInteger borrows = new AtomicInteger();

        @Override
        public Connection getConnection() throws SQLException {
            borrows.incrementAndGet();
            throw new SQLException("no database here");
        }
    }
}
