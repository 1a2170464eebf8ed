/**
 * Real PostgreSQL for resilience tests, no Docker: {@link dev.ballast.testkit.PostgresServer} runs an embedded
 * server you can stop, crash, restart and reconfigure mid-test, and {@link dev.ballast.testkit.FaultProxy} sits
 * between a client and the server to add latency, black-hole traffic, cut or refuse connections.
 */
package dev.ballast.testkit;
