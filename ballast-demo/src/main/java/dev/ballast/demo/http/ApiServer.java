package dev.ballast.demo.http;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.demo.TicketDesk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The tickets API on its own JDK {@link HttpServer}. Request handlers run on virtual threads on JDK 21+ and on a
 * bounded pool of platform threads before that. {@link #close()} stops accepting, gives in-flight requests a second
 * and stops the handler threads. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private ApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts the API.
     *
     * @param bindAddress the address, e.g. {@code 127.0.0.1}
     * @param port the port; 0 picks a free one
     * @param desk what the API serves
     * @param platformThreads handler threads when virtual threads are not available
     * @return the running server
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static ApiServer start(String bindAddress, int port, TicketDesk desk, int platformThreads) {
        disableNagle();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port
                    + " (is another service using it? choose another with --port)", e);
        }
        ExecutorService executor = HandlerThreads.create(platformThreads);
        server.setExecutor(executor);
        server.createContext("/", new TicketsApi(desk));
        server.start();
        return new ApiServer(server, executor);
    }

    /**
     * Asks the JDK server for TCP_NODELAY. It writes a response's headers and body separately, and with Nagle's
     * algorithm on, a keep-alive client's delayed ACK then holds every response for ~40 ms (measured here: 51 ms per
     * request without, 7 ms with). The JDK reads the property once, when the first server in the JVM is created, so
     * {@link dev.ballast.demo.Main} sets it first thing too; an explicit {@code -D} wins.
     */
    public static void disableNagle() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** @return whether handlers run on virtual threads */
    public static boolean virtualThreads() {
        return HandlerThreads.virtual();
    }

    /** @return the port the API listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the base URI, e.g. {@code http://127.0.0.1:8080/} */
    public URI baseUri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

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
