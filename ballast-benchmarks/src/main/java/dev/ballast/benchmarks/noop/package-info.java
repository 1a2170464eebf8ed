/**
 * A JDBC driver that does nothing, cheaply: {@code jdbc:noop:} connections, statements and result sets that keep
 * just enough state (auto-commit, isolation, read-only, catalog, schema, network timeout, closed flags) for a pool
 * to run its normal borrow, validate and reset paths against them. Benchmarks use it so that what they measure is
 * the pool's own overhead, not a database's.
 */
package dev.ballast.benchmarks.noop;
