/**
 * The pool engine behind {@code dev.ballast.pool.BallastPool}: the lock-free {@code Exchange} of idle connections
 * and FIFO waiters, the background {@code ConnectionCreator} and {@code Maintainer}, and the JDBC wrappers
 * ({@code ProxyConnection} and friends) that track and reset what borrowers do. The wrappers' delegating methods
 * ({@code *Delegation}) are generated at build time from the {@code java.sql} interfaces by
 * {@code src/build/java/JdbcWrapperGenerator.java}, so that every method follows one rule. Not exported.
 */
package dev.ballast.internal.pool;
