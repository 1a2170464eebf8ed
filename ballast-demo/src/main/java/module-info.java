/**
 * The Ballast demo: a tickets service (users and tickets over HTTP) whose repositories and command handlers go
 * through Ballast's {@code DatabaseResilience}, with the ops endpoints of {@code ballast-http}, Flyway migrations,
 * an embedded PostgreSQL when no database is configured, and a chaos mode. An application, not a library: it
 * exports nothing (the launcher runs its main class from the class path).
 */
module dev.ballast.demo {
    requires dev.ballast.core;
    requires dev.ballast.http;
    requires dev.ballast.testkit;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires flyway.core;
    requires io.opentelemetry.sdk;
    requires io.opentelemetry.sdk.metrics;
    requires java.logging;
    requires java.net.http;
    requires jdk.httpserver;
    requires org.slf4j;

    opens dev.ballast.demo.api to com.fasterxml.jackson.databind;
}
