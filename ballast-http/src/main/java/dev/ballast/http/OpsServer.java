package dev.ballast.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import dev.ballast.http.internal.PublicErrors;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
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
 *       Prometheus text exposition format;</li>
 *   <li>{@code GET /dashboard} and {@code /dashboard/feed}: the live pool {@link Dashboard}, when given.</li>
 * </ul>
 *
 * <p>Binds to {@code 127.0.0.1} by default: expose it on purpose, and then set a {@link Builder#bearerToken bearer
 * token}, which {@code /metrics}, the dashboard and every {@link Builder#route extra route} then require
 * ({@code /health/*} stays open for probes). Under abuse:
 *
 * <ul>
 *   <li>a client that sends its request slowly is disconnected after the JDK server's request time limit (see
 *       {@link HttpServerHost#applyJdkDefaults()}), and holds only its own handler thread until then;</li>
 *   <li>at most {@link Builder#maxConcurrentRequests} requests are handled at once; more get 503 with
 *       {@code Retry-After: 1} at once ({@code /health/live} is exempt: it does no work, and a liveness probe must
 *       not fail because the service is busy);</li>
 *   <li>an Unhealthy readiness report or a failed handler answers with a category and a correlation id only; the
 *       server's error text (user, database, host, SQL) goes to the log under that id.</li>
 * </ul>
 *
 * <p>Handlers run on virtual threads on JDK 21+, on a bounded pool otherwise. {@link #close()} stops the server and
 * its threads. Thread-safe.
 */
public final class OpsServer implements AutoCloseable {

    /** Requests handled at once unless {@link Builder#maxConcurrentRequests} says otherwise. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final int PLATFORM_THREADS = 32;
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServerHost host;
    private final BearerToken token;
    private final Semaphore inFlight;

    private OpsServer(Builder b) {
        this.token = b.token;
        this.inFlight = new Semaphore(b.maxConcurrentRequests);
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        routes.put("/health/live", guard(this::live, false, false));
        if (b.readiness != null) {
            Supplier<HealthReport> readiness = b.readiness;
            routes.put("/health/ready", guard(exchange -> ready(exchange, readiness), false, true));
        }
        if (b.metrics != null) {
            routes.put("/metrics", guard(new PrometheusHandler(b.metrics), true, true));
        }
        b.extraRoutes.forEach((path, handler) -> routes.put(path, guard(handler, true, true)));
        this.host = HttpServerHost.start(b.bindAddress, b.port, 64, "ballast-ops-", PLATFORM_THREADS, routes);
        LOG.info("Ops endpoints listening on {}{}", baseUri(), token == null ? "" : " (bearer token required)");
    }

    /** @return a builder; nothing listens until {@link Builder#start()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port the server listens on */
    public int port() {
        return host.port();
    }

    /** @return the server's base URI, e.g. {@code http://127.0.0.1:8081/} */
    public URI baseUri() {
        return host.baseUri();
    }

    /** Stops accepting requests, gives in-flight ones a second to finish, and stops the handler threads. */
    @Override
    public void close() {
        host.close();
    }

    private void live(HttpExchange exchange) throws IOException {
        HealthReport report = new HealthReport("self", HealthStatus.HEALTHY, "The process is running.",
                Duration.ZERO, Map.of(), List.of("live"));
        respond(exchange, 200, "application/json", report.toJson().getBytes(StandardCharsets.UTF_8));
    }

    private static void ready(HttpExchange exchange, Supplier<HealthReport> readiness) throws IOException {
        String id = PublicErrors.correlationId();
        HealthReport shown;
        try {
            HealthReport report = readiness.get();
            if (report.status() == HealthStatus.UNHEALTHY) {
                LOG.warn("readiness: Unhealthy [correlation id {}]: {}", id, report.description());
            }
            shown = PublicErrors.redact(report, id);
        } catch (RuntimeException e) {
            LOG.warn("readiness check threw [correlation id {}]", id, e);
            shown = PublicErrors.checkFailed(id);
        }
        int code = shown.status() == HealthStatus.UNHEALTHY ? 503 : 200;
        respond(exchange, code, "application/json", shown.toJson().getBytes(StandardCharsets.UTF_8));
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

    /**
     * Wraps a handler: exact paths, GET and HEAD only, the bearer token where {@code secured}, the concurrency limit
     * where {@code limited}; a handler that throws answers 500 with a correlation id, the exception logged with it.
     */
    private HttpHandler guard(HttpHandler handler, boolean secured, boolean limited) {
        return exchange -> {
            try (exchange) {
                guarded(exchange, handler, secured, limited);
            } catch (IOException | RuntimeException e) {
                LOG.debug("ops request {}: {}", exchange.getRequestURI().getPath(), e.toString());
            }
        };
    }

    private void guarded(HttpExchange exchange, HttpHandler handler, boolean secured, boolean limited)
            throws IOException {
        if (!admitted(exchange, secured)) {
            return;
        }
        if (limited && !inFlight.tryAcquire()) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            respond(exchange, 503, TEXT, bytes("busy: too many requests in flight; retry shortly\n"));
            return;
        }
        try {
            handler.handle(exchange);
        } catch (RuntimeException e) {
            failed(exchange, e);
        } finally {
            if (limited) {
                inFlight.release();
            }
        }
    }

    /** @return whether the path, method and token allow the request; if not, the refusal has been sent */
    private boolean admitted(HttpExchange exchange, boolean secured) throws IOException {
        String method = exchange.getRequestMethod();
        String context = exchange.getHttpContext().getPath();
        if (!exchange.getRequestURI().getPath().equals(context) && !context.endsWith("/")) {
            respond(exchange, 404, TEXT, bytes("not found\n"));
            return false;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            respond(exchange, 405, TEXT, bytes("method not allowed\n"));
            return false;
        }
        if (secured && token != null && !token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            boolean presented = exchange.getRequestHeaders().containsKey("Authorization");
            exchange.getResponseHeaders().set("WWW-Authenticate", presented
                    ? "Bearer realm=\"ballast-ops\", error=\"invalid_token\"" : "Bearer realm=\"ballast-ops\"");
            respond(exchange, 401, TEXT, bytes("a bearer token is required\n"));
            return false;
        }
        return true;
    }

    /** A handler threw: 500 with a correlation id, the exception in the log under it. */
    private static void failed(HttpExchange exchange, RuntimeException e) throws IOException {
        String id = PublicErrors.correlationId();
        LOG.warn("ops request {} failed [correlation id {}]", exchange.getRequestURI().getPath(), id, e);
        if (exchange.getResponseCode() == -1) {
            respond(exchange, 500, "application/json", bytes("{\"error\":\"internal\",\"correlationId\":\"" + id
                    + "\"}"));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
        private BearerToken token;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;

        private Builder() {}

        /**
         * Requires {@code Authorization: Bearer <token>} on {@code /metrics}, the dashboard and its feed, and every
         * {@link #route extra route}; {@code /health/*} stays open for probes. Without a token (the default) every
         * endpoint is open, which is right only on loopback or behind a proxy that checks callers. The token is
         * compared in constant time and never logged or printed.
         *
         * @param token the secret: at least 16 visible ASCII characters, no spaces
         * @return this builder
         * @throws IllegalArgumentException if the token is too short or has other characters (the message does not
         *     contain it)
         */
        public Builder bearerToken(String token) {
            this.token = BearerToken.of(Objects.requireNonNull(token, "token"));
            return this;
        }

        /**
         * @param limit requests handled at once (default {@value #DEFAULT_MAX_CONCURRENT_REQUESTS}); more are
         *     answered 503 with {@code Retry-After: 1} at once. {@code /health/live} does not count.
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxConcurrentRequests(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, but was " + limit);
            }
            this.maxConcurrentRequests = limit;
            return this;
        }

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
            if (path.startsWith("/health/")) {
                throw new IllegalArgumentException("route " + path + " would be open to everyone: /health/ is for "
                        + "the health endpoints");
            }
            extraRoutes.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Serves the live pool dashboard: the page at {@code /dashboard} and its JSON feed at
         * {@code /dashboard/feed}.
         *
         * @param dashboard the dashboard
         * @return this builder
         */
        public Builder dashboard(Dashboard dashboard) {
            Objects.requireNonNull(dashboard, "dashboard");
            route("/dashboard", dashboard.handler());
            return route("/dashboard/feed", dashboard.feedHandler());
        }

        /**
         * Binds and starts the server.
         *
         * @return the running server
         * @throws UncheckedIOException if the address cannot be bound
         */
        public OpsServer start() {
            return new OpsServer(this);
        }
    }
}
