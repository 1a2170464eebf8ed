package dev.ballast.cap;

import dev.ballast.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts, from the server's side, the sessions whose application name starts with a prefix: on a separate superuser
 * connection that excludes itself. {@link #watch()} records the highest count seen until {@link #close()}.
 */
public final class ServerConnections implements AutoCloseable {

    private final Connection admin;
    private final PreparedStatement count;
    private final AtomicInteger highest = new AtomicInteger();
    private final AtomicBoolean watching = new AtomicBoolean();
    private volatile Thread watcher;
    private volatile SQLException watchError;

    /**
     * @param pg the server
     * @param applicationPrefix counts sessions whose application name starts with it
     * @throws SQLException if the counting connection cannot be opened
     */
    public ServerConnections(PostgresServer pg, String applicationPrefix) throws SQLException {
        admin = pg.connect();
        count = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                + "AND application_name LIKE ?");
        count.setString(1, applicationPrefix + "%");
    }

    /** @return the sessions the server shows now */
    public int now() throws SQLException {
        try (ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Waits until the server shows no such session (a closed connection's backend takes a moment to exit).
     *
     * @param within the deadline
     * @throws SQLException if counting fails
     */
    public void awaitZero(java.time.Duration within) throws SQLException {
        awaitAtMost(0, within);
    }

    /**
     * Waits until the server shows at most {@code sessions} such sessions (a closed connection's backend takes a
     * moment to exit after its socket closes).
     *
     * @param sessions the most sessions to accept
     * @param within the deadline
     * @throws SQLException if counting fails
     */
    public void awaitAtMost(int sessions, java.time.Duration within) throws SQLException {
        long deadline = System.nanoTime() + within.toNanos();
        int n;
        while ((n = now()) > sessions) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(n + " sessions still open after " + within + ", expected at most " + sessions);
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }

    /** Starts polling every millisecond or so on a thread of its own, recording the highest count. */
    ServerConnections watch() {
        watching.set(true);
        Thread t = new Thread(() -> {
            while (watching.get()) {
                try {
                    highest.accumulateAndGet(now(), Math::max);
                } catch (SQLException e) {
                    watchError = e;
                    return;
                }
                LockSupport.parkNanos(1_000_000L);
            }
        }, "test-connection-watcher");
        t.setDaemon(true);
        t.start();
        watcher = t;
        return this;
    }

    /** @return the highest count seen so far by {@link #watch()} */
    int highest() {
        if (watchError != null) {
            throw new AssertionError("counting sessions failed", watchError);
        }
        return highest.get();
    }

    @Override
    public void close() throws Exception {
        watching.set(false);
        Thread t = watcher;
        if (t != null) {
            t.join(10_000);
        }
        admin.close();
    }
}
