/**
 * Ballast's ops endpoints on the JDK HTTP server: liveness, readiness (the database health check), Prometheus
 * metrics from the OpenTelemetry SDK, and the live pool dashboard.
 */
module dev.ballast.http {
    requires transitive dev.ballast.core;
    requires transitive jdk.httpserver;
    requires transitive io.opentelemetry.exporter.prometheus;
    requires io.opentelemetry.sdk.metrics;
    requires io.prometheus.metrics.model;
    requires io.prometheus.writer.text;
    requires io.prometheus.metrics.config;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.ballast.http;
}
