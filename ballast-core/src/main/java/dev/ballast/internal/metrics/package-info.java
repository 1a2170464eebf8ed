/**
 * OpenTelemetry instruments behind {@link dev.ballast.metrics.MetricNames}: a listener that records pool and
 * resilience events, gauges read from the pool's own counters, and the background {@code pg_stat_activity} sampler.
 */
package dev.ballast.internal.metrics;
