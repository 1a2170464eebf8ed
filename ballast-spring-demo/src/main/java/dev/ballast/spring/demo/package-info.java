/**
 * The tickets service as a Spring Boot 4 application that gets Ballast from
 * {@code dev.ballast:ballast-spring-boot-starter} alone: the same HTTP API as the plain demo ({@code ballast-demo}),
 * writes in {@code @ResilientTransaction} methods that the starter replays whole on a transient failure, reads
 * through Ballast's {@code DatabaseResilience}, Actuator for health and metrics, an embedded PostgreSQL unless
 * {@code spring.datasource.url} is given, and the same chaos run and tally as {@code ballast chaos}.
 */
package dev.ballast.spring.demo;
