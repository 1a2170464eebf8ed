/**
 * Ballast's entry points: {@link dev.ballast.DatabaseOptions} (the "Database" configuration section) and the
 * {@code Ballast} facade that starts a pool with its resilience, metrics and health check around it.
 */
package dev.ballast;
