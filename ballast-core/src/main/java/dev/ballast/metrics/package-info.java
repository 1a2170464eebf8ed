/**
 * OpenTelemetry metrics (API only) for the pool and the resilience policies, under the {@code db.connection.*} / {@code db.pool.connections.*} names a .NET
 * service using Npgsql with OpenTelemetry exports, and
 * the OpenTelemetry database-client semantic conventions.
 */
package dev.ballast.metrics;
