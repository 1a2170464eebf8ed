/**
 * Distributed tracing of resilience operations: a span per {@code execute} / {@code withConnection} /
 * {@code inTransaction}, with attempts, retries and rejections as span events.
 */
package dev.ballast.internal.tracing;
