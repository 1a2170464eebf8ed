package dev.ballast.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A started JDK {@link HttpServer} together with its handler threads: what {@link OpsServer} runs on, and what an
 * application that serves its own API on the JDK server can reuse (the Ballast demo does).
 *
 * <p>Handlers run on one virtual thread per request on JDK 21+, and on a fixed pool of daemon platform threads before
 * that. The JDK server reads a request's headers on the handler thread too, so a client that sends its request slowly
 * holds a thread while it does; {@link #applyJdkDefaults()} bounds that time (see there).
 *
 * <p>{@link #close()} stops accepting, gives in-flight exchanges up to a second, then stops the handler threads
 * (waiting up to five seconds before interrupting them). Thread-safe.
 */
public final class HttpServerHost implements AutoCloseable {

    /**
     * How long a client may take to send a whole request (headers and body) before the JDK server closes its
     * connection, unless {@code -Dsun.net.httpserver.maxReqTime} says otherwise: {@value} seconds.
     */
    public static final long DEFAULT_MAX_REQUEST_SECONDS = 10;

    static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
    static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpServerHost(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Sets the JDK HTTP server's request time limit and TCP_NODELAY, each only where the user has not set the system
     * property: {@code sun.net.httpserver.maxReqTime} = {@value #DEFAULT_MAX_REQUEST_SECONDS} (seconds; a client that
     * sends its request byte by byte is disconnected after that, instead of holding a handler thread for ever) and
     * {@code sun.net.httpserver.nodelay} = {@code true} (the JDK writes headers and body separately; with Nagle's
     * algorithm a keep-alive client's delayed ACK holds each response ~40 ms).
     *
     * <p>These properties are global: the JDK reads them once, when the first {@code HttpServer} of the JVM is
     * created, and applies them to every server in it. {@link #start} calls this method, so they take effect when a
     * Ballast server is the JVM's first; an application that creates its own JDK servers earlier should call this
     * first thing in {@code main}, or pass the {@code -D} options. Verified on JDK 17 and 25. Idempotent.
     */
    public static void applyJdkDefaults() {
        setIfAbsent(MAX_REQ_TIME, Long.toString(DEFAULT_MAX_REQUEST_SECONDS));
        setIfAbsent(NO_DELAY, "true");
    }

    /**
     * @return the request time limit the JDK server applies if it read the property after {@link #applyJdkDefaults()}
     *     (or the user's {@code -D}); empty when there is none
     */
    public static Optional<Duration> requestTimeLimit() {
        String value = System.getProperty(MAX_REQ_TIME);
        try {
            long seconds = value == null ? -1 : Long.parseLong(value.trim());
            return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void setIfAbsent(String key, String value) {
        System.getProperties().putIfAbsent(key, value);
    }

    /**
     * Binds and starts a server.
     *
     * @param bindAddress the address to bind, e.g. {@code 127.0.0.1}
     * @param port the port; 0 picks a free one
     * @param backlog the accept backlog
     * @param threadName the handler threads' name prefix, e.g. {@code tickets-http-}
     * @param platformThreads the size of the handler pool when the JDK has no virtual threads (at least 1)
     * @param routes context path to handler, registered in iteration order
     * @return the running server
     * @throws UncheckedIOException if the address cannot be bound
     * @throws IllegalArgumentException if {@code port} or {@code platformThreads} is out of range
     */
    public static HttpServerHost start(String bindAddress, int port, int backlog, String threadName,
            int platformThreads, Map<String, HttpHandler> routes) {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(threadName, "threadName");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
        }
        if (platformThreads < 1) {
            throw new IllegalArgumentException("platformThreads must be at least 1, but was " + platformThreads);
        }
        applyJdkDefaults();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), backlog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port
                    + " (is another service using that port?)", e);
        }
        ExecutorService executor = HandlerThreads.create(threadName, platformThreads);
        server.setExecutor(executor);
        routes.forEach(server::createContext);
        server.start();
        return new HttpServerHost(server, executor);
    }

    /** @return whether handlers run on virtual threads (JDK 21+) */
    public static boolean virtualThreads() {
        return HandlerThreads.virtual();
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * @return the base URI, e.g. {@code http://127.0.0.1:8081/}; a wildcard bind address is shown as
     *     {@code 127.0.0.1}
     */
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
}
