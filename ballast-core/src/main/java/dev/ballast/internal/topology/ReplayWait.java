package dev.ballast.internal.topology;

import dev.ballast.internal.time.Clock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Read-your-writes: the primary's WAL position now (at or past the commit of every write acknowledged before), and a
 * bounded wait for a standby to replay up to it. PostgreSQL offers no way to be told when a position is replayed, so
 * the standby is asked again after 1 ms, doubling to at most 20 ms between asks, until the ReadYourWritesTimeout.
 * Thread-safe.
 */
final class ReplayWait {

    private static final long FIRST_PAUSE = 1_000_000L;
    private static final long LONGEST_PAUSE = 20_000_000L;

    private final long timeoutNanos;
    private final Clock clock;

    ReplayWait(long timeoutNanos, Clock clock) {
        this.timeoutNanos = timeoutNanos;
        this.clock = clock;
    }

    /**
     * @param primary the primary's pool
     * @return its {@code pg_current_wal_lsn()}
     * @throws SQLException if it cannot be asked
     */
    long primaryPosition(DataSource primary) throws SQLException {
        try (Connection c = primary.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_current_wal_lsn()::text")) {
            rs.next();
            return Lsn.parse(rs.getString(1));
        }
    }

    /**
     * @param standby a connection to the standby
     * @param lsn the position it must have replayed
     * @return true once it has, false if it has not within the timeout
     * @throws SQLException if the standby cannot be asked
     */
    boolean caughtUp(Connection standby, long lsn) throws SQLException {
        long deadline = clock.nanoTime() + timeoutNanos;
        long pause = FIRST_PAUSE;
        try (Statement s = standby.createStatement()) {
            for (;;) {
                try (ResultSet rs = s.executeQuery("select pg_last_wal_replay_lsn()::text")) {
                    rs.next();
                    if (Lsn.parse(rs.getString(1)) >= lsn) {
                        return true;
                    }
                }
                long left = deadline - clock.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(Math.min(pause, left));
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
                pause = Math.min(2 * pause, LONGEST_PAUSE);
            }
        }
    }
}
