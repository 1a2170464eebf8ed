/**
 * Shared plumbing of the benchmark mains: command-line options, latency summaries, Markdown tables, result files,
 * and {@link dev.ballast.benchmarks.report.JmhReport}, which turns JMH's JSON results into the Markdown tables with
 * Ballast-to-competitor ratios.
 */
package dev.ballast.benchmarks.report;
