/**
 * Real PostgreSQL for resilience tests, no Docker: {@link dev.ballast.testkit.PostgresServer} runs an embedded
 * server you can stop, crash, restart and reconfigure mid-test, and {@link dev.ballast.testkit.FaultProxy} sits
 * between a client and the server to add latency, black-hole traffic, cut or refuse connections.
 * {@link dev.ballast.testkit.ReplicaSet} runs a primary with streaming hot standbys and controls replay lag,
 * crashes, promotion and partitions, for tests of replica routing and failover.
 */
package dev.ballast.testkit;
