package dev.ballast.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ballast.alert.Alert;
import dev.ballast.pool.HostStatus;
import dev.ballast.pool.PoolStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Writes the dashboard feed, version 1, as documented in {@code docs/dashboard.md}: {@code pool}, {@code now},
 * {@code current}, column-oriented {@code series} (one array per field, oldest first, one entry a second),
 * {@code hosts} (a multi-host pool's hosts with role, state and lag; empty for one host), {@code alerts}, {@code events} (newest first) and {@code config} (secrets masked).
 */
public final class FeedJson {

    /** The feed's format version; bumped on an incompatible change. */
    public static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    private FeedJson() {}

    /**
     * @param source the pool
     * @param sampler the sampler (for the health status)
     * @param samples the time series, oldest first
     * @param events the significant events, newest first
     * @param intervalMillis the sampling interval
     * @param historyMillis how much time the series keep
     * @param nowMillis the wall-clock time of rendering
     * @return the feed as UTF-8 JSON
     */
    public static byte[] render(PoolSource source, Sampler sampler, List<Sample> samples,
            List<DashboardEvent> events, long intervalMillis, long historyMillis, long nowMillis) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeStringField("pool", source.poolName());
            g.writeNumberField("now", nowMillis);
            g.writeNumberField("intervalMillis", intervalMillis);
            g.writeNumberField("historyMillis", historyMillis);
            current(g, source.stats(), source.circuitState().name(), sampler);
            series(g, samples);
            hosts(g, source.hosts());
            alerts(g, source.activeAlerts());
            events(g, events);
            g.writeObjectFieldStart("config");
            for (Map.Entry<String, String> e : source.configuration().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void current(JsonGenerator g, PoolStats s, String circuit, Sampler sampler) throws IOException {
        g.writeObjectFieldStart("current");
        g.writeNumberField("used", s.used());
        g.writeNumberField("idle", s.idle());
        g.writeNumberField("total", s.total());
        g.writeNumberField("pending", s.pending());
        g.writeNumberField("max", s.max());
        g.writeNumberField("min", s.min());
        g.writeNumberField("opening", s.opening());
        g.writeNumberField("timeouts", s.timeouts());
        g.writeNumberField("connectionsCreated", s.connectionsCreated());
        g.writeNumberField("connectionsClosed", s.connectionsClosed());
        g.writeNumberField("connectionsFailed", s.connectionsFailed());
        g.writeStringField("circuit", circuit);
        g.writeNumberField("limit", sampler.limit(s.max()));
        g.writeStringField("limitReason", sampler.limitReason());
        g.writeStringField("health", sampler.health());
        g.writeStringField("healthDescription", sampler.healthDescription());
        g.writeEndObject();
    }

    private static void series(JsonGenerator g, List<Sample> samples) throws IOException {
        g.writeObjectFieldStart("series");
        longs(g, "t", samples, Sample::epochMillis);
        longs(g, "used", samples, Sample::used);
        longs(g, "idle", samples, Sample::idle);
        longs(g, "pending", samples, Sample::pending);
        longs(g, "max", samples, Sample::max);
        longs(g, "limit", samples, Sample::limit);
        longs(g, "borrows", samples, Sample::borrows);
        doubles(g, "waitP50Ms", samples, Sample::waitP50Millis);
        doubles(g, "waitP99Ms", samples, Sample::waitP99Millis);
        longs(g, "timeouts", samples, Sample::timeouts);
        longs(g, "opened", samples, Sample::opened);
        longs(g, "closed", samples, Sample::closed);
        longs(g, "failed", samples, Sample::failed);
        longs(g, "retries", samples, Sample::retries);
        g.writeArrayFieldStart("circuit");
        for (Sample s : samples) {
            g.writeString(s.circuit());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("health");
        for (Sample s : samples) {
            g.writeString(s.health());
        }
        g.writeEndArray();
        longs(g, "alerts", samples, Sample::alerts);
        g.writeEndObject();
    }

    private static void longs(JsonGenerator g, String name, List<Sample> samples, ToLongFunction<Sample> f)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (Sample s : samples) {
            g.writeNumber(f.applyAsLong(s));
        }
        g.writeEndArray();
    }

    private static void doubles(JsonGenerator g, String name, List<Sample> samples, ToDoubleFunction<Sample> f)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (Sample s : samples) {
            double v = f.applyAsDouble(s);
            if (Double.isNaN(v)) {
                g.writeNull();
            } else {
                g.writeNumber(Math.round(v * 1000) / 1000.0);
            }
        }
        g.writeEndArray();
    }

    private static void hosts(JsonGenerator g, List<HostStatus> hosts) throws IOException {
        g.writeArrayFieldStart("hosts");
        for (HostStatus h : hosts) {
            g.writeStartObject();
            g.writeStringField("address", h.address());
            g.writeStringField("role", h.role());
            g.writeStringField("state", h.up() ? "up" : "down");
            if (h.lagSeconds() == null) {
                g.writeNullField("lagSeconds");
            } else {
                g.writeNumberField("lagSeconds", h.lagSeconds());
            }
            g.writeNumberField("used", h.stats().used());
            g.writeNumberField("idle", h.stats().idle());
            g.writeNumberField("pending", h.stats().pending());
            g.writeStringField("breaker", h.breaker());
            g.writeBooleanField("fenced", h.fenced());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void alerts(JsonGenerator g, List<Alert> alerts) throws IOException {
        g.writeArrayFieldStart("alerts");
        for (Alert a : alerts) {
            g.writeStartObject();
            g.writeStringField("name", a.name());
            g.writeStringField("rule", a.rule().name());
            g.writeStringField("message", a.message());
            g.writeStringField("firedAt", a.firedAt().toString());
            g.writeNumberField("firedAtMillis", a.firedAt().toEpochMilli());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void events(JsonGenerator g, List<DashboardEvent> events) throws IOException {
        g.writeArrayFieldStart("events");
        for (DashboardEvent e : events) {
            g.writeStartObject();
            g.writeNumberField("t", e.epochMillis());
            g.writeStringField("time", Instant.ofEpochMilli(e.epochMillis()).toString());
            g.writeStringField("kind", e.kind());
            g.writeStringField("severity", e.severity());
            g.writeStringField("message", e.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
