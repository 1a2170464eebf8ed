/**
 * OpenTelemetry metrics (API only) for the pool and the resilience policies, under the seed's names and
 * the OpenTelemetry database-client semantic conventions.
 */
package dev.ballast.metrics;
