/**
 * Actuator and Micrometer support for the Ballast starter: the {@code db} health contributor is Ballast's health
 * check (and joins the readiness group), the pool reaches Micrometer under Spring's {@code jdbc.connections.*} names
 * and under Ballast's own names, and the live pool dashboard is served by the {@code ballast} actuator endpoint.
 * Each piece is its own auto-configuration, active only when Actuator, Micrometer or {@code ballast-http} is on the
 * class path, so the starter works without any of them.
 */
package dev.ballast.spring.boot.actuate;
