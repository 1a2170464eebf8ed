/**
 * The resilience engine behind {@link dev.ballast.resilience.DatabaseResilience}: the retry loop, the lock-free
 * circuit breaker and its sliding window, backoff, verified commits and asynchronous calls. Not exported.
 */
package dev.ballast.internal.resilience;
