/**
 * The pools under test, opened the same way for every benchmark ({@link dev.ballast.benchmarks.pool.PoolKind}),
 * and the JMH benchmark of a borrow-and-return cycle through the no-op driver
 * ({@link dev.ballast.benchmarks.pool.PoolBenchmark}).
 */
package dev.ballast.benchmarks.pool;
