package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static dev.ballast.pool.PgPools.one;
import static dev.ballast.pool.PgPools.pid;
import static dev.ballast.pool.PgPools.terminateAndWait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Validation on borrow with the system clock, on a real server. A pool with no listener timing its borrows reads
 * the shared coarse clock on the fast path (no {@code System.nanoTime()}): a connection returned moments ago is handed
 * out without a round trip, and one idle for over half a second is validated first (and replaced if dead).
 */
@WithPostgres
class AliveBypassTest {

    @Test
    void aConnectionIdleForOverASecondIsValidatedAndReplacedBeforeItIsHandedOut(PostgresServer pg) throws Exception {
        try (BallastPool pool = BallastPool.start(config(pg, "bypass-stale").minPoolSize(1).maxPoolSize(1).build())) {
            int victim = returnThenKill(pool, pg);
            // the idle time is the behaviour under test, not a stand-in for an event: let a second pass (ten ticks)
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            try (Connection c = pool.getConnection()) {
                assertThat(one(c, "SELECT 1")).isEqualTo("1");
                assertThat(pid(c)).isNotEqualTo(victim);
            }
        }
    }

    @Test
    void aConnectionReturnedMomentsAgoIsHandedOutWithoutAValidationRoundTrip(PostgresServer pg) throws Exception {
        try (BallastPool pool = BallastPool.start(config(pg, "bypass-fresh").minPoolSize(1).maxPoolSize(1).build())) {
            int victim = returnThenKill(pool, pg); // milliseconds: well inside the bypass
            try (Connection c = pool.getConnection()) { // not validated: the dead connection itself
                assertThatThrownBy(() -> one(c, "SELECT 1")).isInstanceOf(SQLException.class);
            }
            try (Connection c = pool.getConnection()) { // the fatal error evicted it
                assertThat(pid(c)).isNotEqualTo(victim);
            }
        }
    }

    /** Borrows and returns the pool's one connection, then terminates its backend; @return the backend's pid */
    private static int returnThenKill(BallastPool pool, PostgresServer pg) throws SQLException {
        int victim;
        try (Connection c = pool.getConnection()) {
            victim = pid(c);
        }
        terminateAndWait(pg, victim);
        return victim;
    }
}
