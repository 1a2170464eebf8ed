package dev.ballast.internal.alert;

import dev.ballast.pool.PoolStats;
import dev.ballast.resilience.CircuitState;

/**
 * What the alert rules look at, read once per evaluation.
 *
 * @param now the engine's clock
 * @param stats the pool's statistics
 * @param breaker the circuit breaker's state
 * @param inputs the recorded timeouts, failed opens and leak reports
 */
record Observation(long now, PoolStats stats, CircuitState breaker, AlertInputs inputs) {}
