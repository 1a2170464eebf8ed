package dev.ballast.internal.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples this pool's backends from {@code pg_stat_activity} on a schedule, on its own background thread and its
 * own single connection (opened with a distinct application name so that it does not count itself). Gauges read
 * the last sample; collection never runs a query. Sampling is skipped while the circuit is open. Thread-safe.
 */
public final class ActivitySampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActivitySampler.class);
    private static final String SQL = "SELECT count(*) FILTER (WHERE state = 'active'), "
            + "count(*) FILTER (WHERE state LIKE 'idle%'), count(*) FROM pg_stat_activity "
            + "WHERE datname = current_database() AND application_name = ?";

    /** Opens the sampler's own physical connection. */
    @FunctionalInterface
    public interface Opener {
        /** @return a new connection @throws SQLException if it cannot be opened */
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final String applicationName;
    private final BooleanSupplier skip;
    private final ScheduledExecutorService scheduler;
    private Connection connection; // only touched by the scheduler thread
    private volatile long active = -1;
    private volatile long idle = -1;
    private volatile long total = -1;

    private ActivitySampler(Opener opener, String applicationName, BooleanSupplier skip, String threadName) {
        this.opener = opener;
        this.applicationName = applicationName;
        this.skip = skip;
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = s;
    }

    /**
     * Creates a sampler; nothing is sampled until {@link #start(Duration)}.
     *
     * @param opener opens the sampler's connection (with an application name other than the pool's)
     * @param applicationName the pool's application name, whose backends are counted
     * @param skip while true, no sample is taken (the circuit is open)
     * @param threadName the background thread's name
     * @return the sampler, not yet sampling
     */
    public static ActivitySampler create(Opener opener, String applicationName, BooleanSupplier skip,
            String threadName) {
        return new ActivitySampler(opener, applicationName, skip, threadName);
    }

    /**
     * Takes a first sample at once, then one every {@code interval}, on the sampler's thread.
     *
     * @param interval time between samples
     */
    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes one sample now, on the calling thread (the scheduler's). */
    void sample() {
        if (skip.getAsBoolean()) {
            return;
        }
        try {
            if (connection == null || connection.isClosed()) {
                connection = opener.open();
            }
            try (PreparedStatement ps = connection.prepareStatement(SQL)) {
                ps.setQueryTimeout(5);
                ps.setString(1, applicationName);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    active = rs.getLong(1);
                    idle = rs.getLong(2);
                    total = rs.getLong(3);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("pg_stat_activity sample failed: {}", e.toString());
            active = idle = total = -1;
            closeConnection();
        }
    }

    /** @return this pool's active backends at the last sample, or -1 if unknown */
    public long active() {
        return active;
    }

    /** @return this pool's idle backends at the last sample, or -1 if unknown */
    public long idle() {
        return idle;
    }

    /** @return all of this pool's backends at the last sample, or -1 if unknown */
    public long total() {
        return total;
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // it was broken anyway
            }
        }
    }

    /** Stops sampling, closes the connection, and ends the thread. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
