/**
 * The failover scenario: a write load through a pool over a real primary and standby (the testkit's
 * {@link dev.ballast.testkit.ReplicaSet}) while the primary crashes and the standby is promoted, timing how long each
 * pool takes to write again and to reach its former throughput. HikariCP over pgjdbc's multi-host URL and Ballast run
 * side by side in one run.
 */
package dev.ballast.benchmarks.failover;
