/**
 * The JMH benchmark of a call's success path through Ballast's resilience engine, Resilience4j and Failsafe, each set
 * up with the same retry and circuit-breaker semantics
 * ({@link dev.ballast.benchmarks.resilience.ResilienceBenchmark}).
 */
package dev.ballast.benchmarks.resilience;
