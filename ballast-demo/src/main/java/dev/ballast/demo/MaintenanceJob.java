package dev.ballast.demo;

import dev.ballast.resilience.CircuitOpenException;
import dev.ballast.resilience.DatabaseResilience;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code VACUUM ANALYZE tickets} on a schedule: the raw-SQL pattern
 * (as in .NET: {@code DatabaseMaintenanceService.VacuumTablesAsync}), through {@link DatabaseResilience#withConnection}. VACUUM
 * cannot run inside a transaction block, so the statement runs in auto-commit; it is idempotent, so replaying it after
 * a transient failure is safe. A run that fails (the database is down, the circuit is open) is logged and the next
 * one comes at its time; the job never stops by itself. Thread-safe.
 */
public final class MaintenanceJob implements AutoCloseable {

    /** The statement the job runs. */
    public static final String VACUUM = "VACUUM ANALYZE tickets";

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJob.class);

    private final DatabaseResilience resilience;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private MaintenanceJob(DatabaseResilience resilience, Duration interval) {
        this.resilience = resilience;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tickets-maintenance");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::runLogged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Schedules the job; the first run is one interval from now.
     *
     * @param resilience Ballast's resilience
     * @param interval time between the end of one run and the start of the next; positive
     * @return the scheduled job; {@link #close()} cancels it
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public static MaintenanceJob schedule(DatabaseResilience resilience, Duration interval) {
        Objects.requireNonNull(resilience, "resilience");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("maintenance interval must be positive, but was " + interval);
        }
        return new MaintenanceJob(resilience, interval);
    }

    /**
     * Runs {@value #VACUUM} now, on the calling thread.
     *
     * @throws SQLException if the database stays unavailable through the retries, or the circuit is open
     */
    public void vacuumNow() throws SQLException {
        resilience.withConnection(conn -> {
            conn.setAutoCommit(true); // VACUUM cannot run inside a transaction block
            try (Statement s = conn.createStatement()) {
                s.execute(VACUUM);
            }
            return null;
        });
        completed.incrementAndGet();
    }

    /** @return runs that completed */
    public long completedRuns() {
        return completed.get();
    }

    /** @return runs that failed */
    public long failedRuns() {
        return failed.get();
    }

    private void runLogged() {
        try {
            vacuumNow();
            LOG.info("{} done", VACUUM);
        } catch (CircuitOpenException e) {
            failed.incrementAndGet();
            LOG.warn("{} skipped, the database is unavailable: {}", VACUUM, e.getMessage());
        } catch (SQLException | RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("{} failed: {}", VACUUM, e.toString());
        }
    }

    /** Cancels the schedule and waits up to five seconds for a running VACUUM. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
