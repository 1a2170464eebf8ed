/**
 * Automatic pool sizing ({@code EnablePoolAutoTuning}): the algorithm that moves a pool's concurrency limit between
 * MinPoolSize and MaxPoolSize from measured throughput, service time and errors. It takes time as an argument and
 * reads no clock, so its tests drive it with made-up timestamps.
 */
package dev.ballast.internal.tuning;
