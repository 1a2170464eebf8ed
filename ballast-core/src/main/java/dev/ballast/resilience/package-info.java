/**
 * Retry and circuit breaker made for databases: whole-transaction replay, verified commits, and an open
 * circuit that fails callers fast. {@code DatabaseResilience} is the entry point.
 */
package dev.ballast.resilience;
