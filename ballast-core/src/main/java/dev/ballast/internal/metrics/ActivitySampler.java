package dev.ballast.internal.metrics;

import dev.ballast.internal.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples this pool's backends from {@code pg_stat_activity} for the {@code db.pool.connections.*} gauges, only
 * while someone reads them.
 *
 * <p>Each sample <em>borrows</em> a connection from the pool itself, so the sampler never holds a connection of its
 * own: it counts against MaxPoolSize like any borrower and, with pooling disabled, nothing stays open between
 * samples. The borrowed backend is counted as idle (it is one of the pool's connections, busy only for the sample).
 * A sample is taken on the sampler's background thread every {@code interval}, but only while a gauge was read
 * within the last {@link #READERS_GONE_AFTER}; the first read after a quiet spell asks for a sample at once. With no
 * metrics reader installed (the OpenTelemetry API's no-op default) no gauge is ever read and nothing is sampled.
 * Collection never runs a query: gauges read the last sample. No sample is taken while {@code skip} says so (the
 * circuit is open, or the pool has no idle connection to spare). Thread-safe.
 */
public final class ActivitySampler implements AutoCloseable {

    /** With no gauge read for this long, sampling stops until the next read. */
    public static final Duration READERS_GONE_AFTER = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(ActivitySampler.class);
    private static final long NEVER = Long.MIN_VALUE;
    private static final String SQL = "SELECT count(*) FILTER (WHERE state = 'active' AND pid <> pg_backend_pid()), "
            + "count(*) FILTER (WHERE state LIKE 'idle%' OR pid = pg_backend_pid()), count(*) FROM pg_stat_activity "
            + "WHERE datname = current_database() AND application_name = ?";

    private final Borrower pool;
    private final String applicationName;
    private final BooleanSupplier skip;
    private final Clock clock;
    private final long intervalNanos;
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile long lastRead = NEVER;
    private volatile long lastSample = NEVER;
    private volatile long active = -1;
    private volatile long idle = -1;
    private volatile long total = -1;

    /** Borrows a connection from the pool (closing it returns it). */
    @FunctionalInterface
    public interface Borrower {
        /** @return a borrowed connection @throws SQLException if none can be had */
        Connection borrow() throws SQLException;
    }

    private ActivitySampler(Borrower pool, String applicationName, BooleanSupplier skip, Clock clock,
            Duration interval, String threadName) {
        this.pool = pool;
        this.applicationName = applicationName;
        this.skip = skip;
        this.clock = clock;
        this.intervalNanos = interval.toNanos();
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = s;
    }

    /**
     * Creates a sampler; nothing is sampled until {@link #start()} and a gauge read.
     *
     * @param pool where each sample borrows its connection (the pool whose backends are counted)
     * @param applicationName the pool's application name, whose backends are counted
     * @param skip while true, no sample is taken
     * @param clock the monotonic clock
     * @param interval the shortest time between samples
     * @param threadName the background thread's name
     * @return the sampler, not yet sampling
     */
    public static ActivitySampler create(Borrower pool, String applicationName, BooleanSupplier skip, Clock clock,
            Duration interval, String threadName) {
        return new ActivitySampler(pool, applicationName, skip, clock, interval, threadName);
    }

    /** Starts the background tick: every interval, a sample if a gauge was read lately. */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::tick, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }

    /** One tick of the schedule (or of a test): samples if a gauge was read lately and the last sample is stale. */
    void tick() {
        long now = clock.nanoTime();
        long read = lastRead;
        if (read == NEVER || now - read > READERS_GONE_AFTER.toNanos()) {
            return;
        }
        long last = lastSample;
        if (last != NEVER && now - last < intervalNanos) {
            return;
        }
        sample();
    }

    /** Takes one sample now, on the calling thread (the sampler's, or a test's). */
    void sample() {
        if (skip.getAsBoolean()) {
            return;
        }
        lastSample = clock.nanoTime();
        try (Connection c = pool.borrow(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setQueryTimeout(5);
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                active = rs.getLong(1);
                idle = rs.getLong(2);
                total = rs.getLong(3);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("pg_stat_activity sample failed: {}", e.toString());
            active = idle = total = -1;
        }
    }

    /** Notes that a gauge was read; after a quiet spell (or a stale sample) asks for a sample at once. */
    private void read() {
        long now = clock.nanoTime();
        long before = lastRead;
        lastRead = now;
        long last = lastSample;
        boolean stale = last == NEVER || now - last >= intervalNanos;
        boolean quiet = before == NEVER || now - before > READERS_GONE_AFTER.toNanos();
        if ((stale || quiet) && requested.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    requested.set(false);
                    tick();
                });
            } catch (RejectedExecutionException closed) {
                requested.set(false);
            }
        }
    }

    /** @return this pool's active backends at the last sample, or -1 if unknown */
    public long active() {
        read();
        return active;
    }

    /** @return this pool's idle backends at the last sample, or -1 if unknown */
    public long idle() {
        read();
        return idle;
    }

    /** @return all of this pool's backends at the last sample, or -1 if unknown */
    public long total() {
        read();
        return total;
    }

    /** Stops sampling and ends the thread (waiting for a sample in progress). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
