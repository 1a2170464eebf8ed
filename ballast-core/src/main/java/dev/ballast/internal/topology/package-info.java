/**
 * Several servers behind one Ballast: a primary and streaming-replication standbys named in a multi-host connection
 * string. One background monitor per cluster finds each host's role and replication lag, per-host pools hold the
 * connections (each host with its own circuit breaker), and a router sends writes to the current primary and reads to
 * a standby within the lag bound.
 * Internal: users reach it through {@code Ballast.dataSource()}, {@code Ballast.readDataSource()} and
 * {@code readOnlyTransaction}.
 */
package dev.ballast.internal.topology;
