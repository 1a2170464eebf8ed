package dev.ballast.pool;

/**
 * A snapshot of a pool's state and counters. The gauges ({@code total}, {@code idle}, {@code used},
 * {@code pending}) are read without stopping the pool, so under load they are each exact but not taken at the same
 * instant; {@code total == idle + used} always holds within one snapshot. Counters only grow.
 *
 * @param total open physical connections (idle plus used)
 * @param idle connections waiting in the pool to be borrowed
 * @param used connections borrowed, or momentarily held by the pool itself (being validated or handed over)
 * @param pending callers waiting for a connection
 * @param max the configured maximum pool size
 * @param min the configured minimum pool size
 * @param timeouts borrows that gave up after the connection timeout (failing fast on an outage is not counted)
 * @param connectionsCreated physical connections opened since the pool started
 * @param connectionsClosed physical connections closed since the pool started
 * @param connectionsFailed failed attempts to open a physical connection
 * @param opening physical connections being opened right now
 */
public record PoolStats(
        int total,
        int idle,
        int used,
        int pending,
        int max,
        int min,
        long timeouts,
        long connectionsCreated,
        long connectionsClosed,
        long connectionsFailed,
        int opening) {}
