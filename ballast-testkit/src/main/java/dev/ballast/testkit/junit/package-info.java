/**
 * JUnit 5 integration: annotate a test class with {@link dev.ballast.testkit.junit.WithPostgres} and declare a
 * {@link dev.ballast.testkit.PostgresServer} parameter; the extension starts the server and always stops it.
 */
package dev.ballast.testkit.junit;
