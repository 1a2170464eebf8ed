/**
 * Health checks in the ASP.NET HealthChecks shape: {@code DatabasePoolHealthCheck} produces a
 * {@code HealthReport} with a {@code HealthStatus} and data about the pool.
 */
package dev.ballast.health;
