/**
 * The chaos mode: drive the tickets API from many HTTP clients while the database is stopped, crashed, cut off
 * from its sessions and partitioned from the service; then check every acknowledged write against the database
 * and print a tally per fault. The orchestration takes its faults, gauges, clock and store as interfaces, so it is
 * tested without a database; {@link dev.ballast.demo.Main} wires it to the embedded PostgreSQL and Ballast. The
 * service under test is a {@link dev.ballast.demo.chaos.ChaosTarget}: the plain tickets service, or the Spring Boot
 * demo's application ({@code ballast chaos --spring}), judged by the same runner and tally.
 */
package dev.ballast.demo.chaos;
