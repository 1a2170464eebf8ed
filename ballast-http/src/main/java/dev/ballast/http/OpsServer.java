package dev.ballast.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops endpoints of a service, on the JDK's {@code com.sun.net.httpserver} (no web framework):
 *
 * <ul>
 *   <li>{@code GET /health/live}: the process answers (always 200);</li>
 *   <li>{@code GET /health/ready}: the database health check, 200 for Healthy and Degraded, 503 for Unhealthy, in
 *       the ASP.NET HealthChecks UI JSON shape;</li>
 *   <li>{@code GET /metrics}: every OpenTelemetry metric of the given {@link PrometheusMetricReader}, in the
 *       Prometheus text exposition format.</li>
 * </ul>
 *
 * <p>Binds to {@code 127.0.0.1} by default: expose it on purpose. Handlers run on virtual threads on JDK 21+, on a
 * small bounded pool otherwise. {@link #close()} stops the server and its threads. Thread-safe.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(Builder b) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(b.bindAddress, b.port), 64);
        this.executor = HandlerThreads.create();
        server.setExecutor(executor);
        server.createContext("/health/live", guard(this::live));
        if (b.readiness != null) {
            Supplier<HealthReport> readiness = b.readiness;
            server.createContext("/health/ready", guard(exchange -> ready(exchange, readiness)));
        }
        if (b.metrics != null) {
            server.createContext("/metrics", guard(new PrometheusHandler(b.metrics)));
        }
        b.extraRoutes.forEach((path, handler) -> server.createContext(path, guard(handler)));
        server.start();
        LOG.info("Ops endpoints listening on {}", baseUri());
    }

    /** @return a builder; nothing listens until {@link Builder#start()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the server's base URI, e.g. {@code http://127.0.0.1:8081/} */
    public URI baseUri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /** Stops accepting requests, gives in-flight ones a second to finish, and stops the handler threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void live(HttpExchange exchange) throws IOException {
        HealthReport report = new HealthReport("self", HealthStatus.HEALTHY, "The process is running.",
                Duration.ZERO, Map.of(), List.of("live"));
        respond(exchange, 200, "application/json", report.toJson().getBytes(StandardCharsets.UTF_8));
    }

    private static void ready(HttpExchange exchange, Supplier<HealthReport> readiness) throws IOException {
        HealthReport report;
        try {
            report = readiness.get();
        } catch (RuntimeException e) {
            LOG.warn("readiness check threw", e);
            report = new HealthReport("database", HealthStatus.UNHEALTHY,
                    "The health check failed: " + e.getClass().getSimpleName(), Duration.ZERO, Map.of(),
                    List.of("ready"));
        }
        int code = report.status() == HealthStatus.UNHEALTHY ? 503 : 200;
        respond(exchange, code, "application/json", report.toJson().getBytes(StandardCharsets.UTF_8));
    }

    static void respond(HttpExchange exchange, int code, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(code, head ? -1 : (body.length == 0 ? -1 : body.length));
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    /** Wraps a handler: GET and HEAD only, exact paths only, and no exception escapes as a hung request. */
    private static HttpHandler guard(HttpHandler handler) {
        return exchange -> {
            try (exchange) {
                String method = exchange.getRequestMethod();
                if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())
                        && !exchange.getHttpContext().getPath().endsWith("/")) {
                    respond(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    respond(exchange, 405, "text/plain; charset=utf-8",
                            "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                handler.handle(exchange);
            } catch (IOException | RuntimeException e) {
                LOG.debug("ops request {} failed: {}", exchange.getRequestURI(), e.toString());
                throw e;
            }
        };
    }

    /** Renders the reader's current metrics as Prometheus text. */
    private static final class PrometheusHandler implements HttpHandler {
        private final PrometheusMetricReader reader;

        PrometheusHandler(PrometheusMetricReader reader) {
            this.reader = reader;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
            PrometheusText.write(body, reader.collect());
            respond(exchange, 200, PrometheusText.CONTENT_TYPE, body.toByteArray());
        }
    }

    /** Configures an {@link OpsServer}. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = 8081;
        private Supplier<HealthReport> readiness;
        private PrometheusMetricReader metrics;
        private final Map<String, HttpHandler> extraRoutes = new LinkedHashMap<>();

        private Builder() {}

        /**
         * @param address the address to bind (default {@code 127.0.0.1}; {@code 0.0.0.0} for every interface)
         * @return this builder
         */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * @param port the port to listen on (default 8081; 0 picks a free one)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param check produces the readiness report (typically {@code ballast.healthCheck()::check})
         * @return this builder
         */
        public Builder readiness(Supplier<HealthReport> check) {
            this.readiness = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * @param reader the reader registered with the application's {@code SdkMeterProvider}
         * @return this builder
         */
        public Builder metrics(PrometheusMetricReader reader) {
            this.metrics = Objects.requireNonNull(reader, "reader");
            return this;
        }

        /**
         * Serves another handler on this server (the dashboard uses this).
         *
         * @param path the context path, e.g. {@code /dashboard}
         * @param handler the handler
         * @return this builder
         */
        public Builder route(String path, HttpHandler handler) {
            extraRoutes.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @return the running server
         * @throws UncheckedIOException if the address cannot be bound
         */
        public OpsServer start() {
            try {
                return new OpsServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port, e);
            }
        }
    }
}
