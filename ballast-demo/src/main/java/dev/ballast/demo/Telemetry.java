package dev.ballast.demo;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;

/**
 * The service's OpenTelemetry SDK: metrics only, read on demand by {@code /metrics} in the Prometheus text format.
 * Not installed as the global instance; Ballast is handed it explicitly.
 */
final class Telemetry implements AutoCloseable {

    private final PrometheusMetricReader reader;
    private final OpenTelemetrySdk sdk;

    private Telemetry() {
        this.reader = PrometheusMetricReader.create();
        this.sdk = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
                .build();
    }

    /** @return a new SDK with a Prometheus reader */
    static Telemetry start() {
        return new Telemetry();
    }

    /** @return the API to hand to Ballast */
    OpenTelemetry openTelemetry() {
        return sdk;
    }

    /** @return the reader {@code /metrics} collects from */
    PrometheusMetricReader reader() {
        return reader;
    }

    @Override
    public void close() {
        sdk.close();
    }
}
