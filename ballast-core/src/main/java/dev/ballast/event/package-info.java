/**
 * The listener SPI: {@code BallastListener} receives every pool and resilience event (connections
 * opened, borrowed, evicted; retries; breaker transitions). Metrics, logs and tests all hang off it.
 */
package dev.ballast.event;
