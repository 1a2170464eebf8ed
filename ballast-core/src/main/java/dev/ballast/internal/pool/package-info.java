/**
 * The pool engine behind {@code dev.ballast.pool.BallastPool}: the lock-free {@code Exchange} of idle connections
 * and FIFO waiters, the background {@code ConnectionCreator} and {@code Maintainer}, and the JDBC wrappers
 * ({@code ProxyConnection} and friends) that track and reset what borrowers do. Not exported.
 */
package dev.ballast.internal.pool;
