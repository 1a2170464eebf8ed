/**
 * The ops server: {@link dev.ballast.http.OpsServer} serves {@code /health/live}, {@code /health/ready} and
 * {@code /metrics} (Prometheus text) on the JDK's built-in HTTP server, bound to loopback by default.
 */
package dev.ballast.http;
