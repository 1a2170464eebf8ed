/**
 * What Ballast knows about PostgreSQL errors: the one SQLSTATE table that decides whether a failure is
 * retried, counted by the circuit breaker, and whether the connection that raised it is evicted.
 */
package dev.ballast.postgres;
