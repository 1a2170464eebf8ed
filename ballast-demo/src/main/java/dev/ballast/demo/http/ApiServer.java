package dev.ballast.demo.http;

import dev.ballast.demo.TicketDesk;
import dev.ballast.http.HttpServerHost;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * The tickets API on its own JDK HTTP server, run by {@code ballast-http}'s {@link HttpServerHost}: handlers on
 * virtual threads on JDK 21+ and on a bounded pool of platform threads before that, the JDK server's request time
 * limit and TCP_NODELAY applied. {@link #close()} stops accepting, gives in-flight requests a second and stops the
 * handler threads. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {

    private final HttpServerHost host;

    private ApiServer(HttpServerHost host) {
        this.host = host;
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
        return new ApiServer(HttpServerHost.start(bindAddress, port, 256, "tickets-http-", platformThreads,
                Map.of("/", new TicketsApi(desk))));
    }

    /** @return the port the API listens on */
    public int port() {
        return host.port();
    }

    /** @return the base URI, e.g. {@code http://127.0.0.1:8080/} */
    public URI baseUri() {
        return host.baseUri();
    }

    @Override
    public void close() {
        host.close();
    }
}
