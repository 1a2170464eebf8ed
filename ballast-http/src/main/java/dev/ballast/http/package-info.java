/**
 * The ops server: {@link dev.ballast.http.OpsServer} serves {@code /health/live}, {@code /health/ready},
 * {@code /metrics} (Prometheus text) and the live pool {@link dev.ballast.http.Dashboard} on the JDK's built-in
 * HTTP server, bound to loopback by default.
 */
package dev.ballast.http;
