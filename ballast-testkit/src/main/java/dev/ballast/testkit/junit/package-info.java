/**
 * JUnit 5 integration: annotate a test class with {@link dev.ballast.testkit.junit.WithPostgres} and declare a
 * {@link dev.ballast.testkit.PostgresServer} parameter, or with {@link dev.ballast.testkit.junit.WithReplicaSet} and
 * declare a {@link dev.ballast.testkit.ReplicaSet} parameter; the extension starts the servers and always stops them.
 */
package dev.ballast.testkit.junit;
