package dev.ballast.health;

import dev.ballast.internal.pool.PoolLoad;
import dev.ballast.pool.PoolStats;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Asks the database whether it answers ({@code SELECT 1}) on a connection <em>borrowed from the pool</em>, so the
 * probe counts against MaxPoolSize like any borrower, and shares the answer: one probe at a time, its result reused
 * for {@link #REUSE_FOR}. A flood of readiness requests therefore costs at most one borrowed connection and one
 * query per second. When the pool is saturated (connections in use and none to spare: every one it may hold is in
 * use, or callers already queue, as they do at the automatic sizing's limit below MaxPoolSize) the probe does not
 * queue for a connection: the busy pool is the answer ({@link Outcome#saturated()}). The probe runs on a short-lived thread of its
 * own; a caller waits for it at most the check timeout. Thread-safe, lock-free.
 */
final class ReadinessProbe {

    /** How long one probe's answer is reused. */
    static final Duration REUSE_FOR = Duration.ofSeconds(1);

    /**
     * What the probe found.
     *
     * @param failure what went wrong, or null if the database answered (or was not asked)
     * @param saturated true if the pool was saturated, so the database was not asked
     * @param at when the answer was obtained, on the check's clock
     */
    record Outcome(String failure, boolean saturated, long at) {}

    private final DataSource pool;
    private final Supplier<PoolStats> stats;
    private final boolean pooling;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final String threadName;
    private final Redaction redaction;
    private final AtomicReference<CompletableFuture<Outcome>> latest = new AtomicReference<>();

    /** Removes a secret from a message. */
    @FunctionalInterface
    interface Redaction {
        /** @param message a driver's message @return it without secrets */
        String apply(String message);
    }

    ReadinessProbe(DataSource pool, Supplier<PoolStats> stats, boolean pooling, Duration timeout,
            LongSupplier nanoTime, String threadName, Redaction redaction) {
        this.pool = pool;
        this.stats = stats;
        this.pooling = pooling;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
        this.threadName = threadName;
        this.redaction = redaction;
    }

    /** @return the latest answer if younger than {@link #REUSE_FOR}, the running probe's, or a new probe's */
    Outcome outcome() {
        CompletableFuture<Outcome> current = latest.get();
        if (current == null || isStale(current)) {
            CompletableFuture<Outcome> mine = new CompletableFuture<>();
            if (latest.compareAndSet(current, mine)) {
                Thread t = new Thread(() -> mine.complete(probe()), threadName);
                t.setDaemon(true);
                t.start();
            }
            current = latest.get();
        }
        return await(current);
    }

    private boolean isStale(CompletableFuture<Outcome> f) {
        Outcome done = f.getNow(null);
        return done != null && nanoTime.getAsLong() - done.at() >= REUSE_FOR.toNanos();
    }

    private Outcome await(CompletableFuture<Outcome> f) {
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new Outcome("no answer within " + timeout.toMillis() + " ms", false, nanoTime.getAsLong());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome("interrupted while waiting for the probe", false, nanoTime.getAsLong());
        } catch (ExecutionException e) {
            return new Outcome(String.valueOf(e.getCause()), false, nanoTime.getAsLong());
        }
    }

    private Outcome probe() {
        PoolStats s = stats.get();
        if (pooling && PoolLoad.saturated(s)) {
            return new Outcome(null, true, nanoTime.getAsLong());
        }
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(seconds);
            try (ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next();
            }
            return new Outcome(null, false, nanoTime.getAsLong());
        } catch (SQLException | RuntimeException e) {
            String state = e instanceof SQLException && ((SQLException) e).getSQLState() != null
                    ? "SQLSTATE " + ((SQLException) e).getSQLState() + ": " : "";
            return new Outcome(state + redaction.apply(String.valueOf(e.getMessage())), false,
                    nanoTime.getAsLong());
        }
    }
}
