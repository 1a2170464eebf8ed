/**
 * Scenario benchmarks that are plain mains rather than JMH, because what they measure is a whole system under a
 * closed-loop load for seconds at a time: many virtual threads sharing a small pool
 * ({@link dev.ballast.benchmarks.scenario.VirtualThreadScenario}) and a pgbench-like TPC-B mix against a real
 * PostgreSQL ({@link dev.ballast.benchmarks.scenario.TpcbScenario}).
 */
package dev.ballast.benchmarks.scenario;
