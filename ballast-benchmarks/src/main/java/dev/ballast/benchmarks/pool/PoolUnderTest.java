package dev.ballast.benchmarks.pool;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * A connection pool opened for a benchmark: its pooled {@link DataSource}, a way to wait until it holds all its
 * connections, and {@link #close()}.
 */
public interface PoolUnderTest extends AutoCloseable {

    /** @return which pool this is */
    PoolKind kind();

    /** @return the pooled data source */
    DataSource dataSource();

    /** @return the number of physical connections the pool holds now, borrowed or idle */
    int totalConnections();

    /**
     * Waits until the pool holds {@code size} connections, so that a measurement never pays for filling it.
     *
     * @param size the number of connections to wait for
     * @param timeout how long to wait at most
     * @throws IllegalStateException if the pool is not full by then
     */
    default void awaitFull(int size, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (totalConnections() < size) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(kind() + " pool holds " + totalConnections() + " of " + size
                        + " connections after " + timeout);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
    }

    /**
     * @return for a self-sizing pool, its concurrency limit after each tuning decision so far; otherwise empty
     */
    default java.util.List<Integer> limitTrace() {
        return java.util.List.of();
    }

    /** @return the pool's own counters worth reporting beside a run (connections opened and closed ...), or "" */
    default String diagnostics() {
        return "";
    }

    /** Closes the pool and its connections. */
    @Override
    void close();
}
