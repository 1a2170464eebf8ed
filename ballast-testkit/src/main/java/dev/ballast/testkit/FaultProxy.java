package dev.ballast.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on a loopback port that forwards to a server and injects network faults on demand:
 *
 * <ul>
 *   <li>{@link #latency(Duration)}: delay every chunk of data, in both directions;</li>
 *   <li>{@link #blackhole()}: a network partition. Connections are accepted (new ones too) but nothing is forwarded
 *       and nothing is closed: clients hang until their own timeouts fire (pgjdbc's {@code socketTimeout},
 *       {@code connectTimeout});</li>
 *   <li>{@link #cut()}: reset every current connection (clients see SQLSTATE 08006);</li>
 *   <li>{@link #refuse()}: reset every new connection as soon as it is accepted, so clients fail to connect (pgjdbc
 *       reports 08001, as for a refused connection); the proxy keeps its port meanwhile;</li>
 *   <li>{@link #heal()}: back to normal. Data held by a black hole is delivered, as TCP would after a partition.</li>
 * </ul>
 *
 * <p>Threads are bounded: one acceptor plus two per connection, with at most {@code maxConnections} connections
 * (beyond that, new connections are closed at once). {@link #close()} closes every socket and waits for every
 * thread. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final int DEFAULT_MAX_CONNECTIONS = 256;

    private final InetSocketAddress target;
    private final int maxConnections;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition unblocked = lock.newCondition();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadIds = new AtomicInteger();
    private final int port;
    private final ServerSocket listener;
    private volatile long latencyNanos;
    private volatile boolean blackholed;
    private volatile boolean refusing;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target, int maxConnections) throws IOException {
        this.target = target;
        this.maxConnections = maxConnections;
        this.listener = bind(0);
        this.port = listener.getLocalPort();
        spawn("accept", () -> accept(listener));
    }

    /**
     * Starts a proxy on a free loopback port in front of {@code host:port}.
     *
     * @param host the server's host
     * @param port the server's port
     * @return the running proxy
     * @throws UncheckedIOException if no port can be bound
     */
    public static FaultProxy start(String host, int port) {
        return start(host, port, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * Starts a proxy in front of a test server.
     *
     * @param server the server
     * @return the running proxy
     */
    public static FaultProxy start(PostgresServer server) {
        return start(server.host(), server.port());
    }

    /**
     * @param host the server's host
     * @param port the server's port
     * @param maxConnections the most connections proxied at once (two threads each)
     * @return the running proxy
     */
    public static FaultProxy start(String host, int port, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, but was " + maxConnections);
        }
        try {
            return new FaultProxy(new InetSocketAddress(Objects.requireNonNull(host, "host"), port), maxConnections);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start fault proxy for " + host + ":" + port, e);
        }
    }

    /** @return the proxy's host, {@code 127.0.0.1} */
    public String host() {
        return "127.0.0.1";
    }

    /** @return the proxy's port */
    public int port() {
        return port;
    }

    /**
     * @param database a database name
     * @return a PostgreSQL JDBC URL that goes through this proxy
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** @return how many client connections are open through the proxy */
    public int connectionCount() {
        return links.size();
    }

    /**
     * Delays every chunk forwarded in either direction.
     *
     * @param latency the added delay; zero for none
     * @return this proxy
     */
    public FaultProxy latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, but was " + latency);
        }
        this.latencyNanos = latency.toNanos();
        return this;
    }

    /**
     * Starts a network partition: every connection, current and new, stays open but carries nothing.
     *
     * @return this proxy
     */
    public FaultProxy blackhole() {
        blackholed = true;
        return this;
    }

    /**
     * Resets every current connection. New connections are still accepted.
     *
     * @return this proxy
     */
    public FaultProxy cut() {
        for (Link link : links) {
            link.reset();
        }
        return this;
    }

    /**
     * Refuses new connections until {@link #heal()}: each is reset as soon as it is accepted, before any byte reaches
     * the server, so clients fail to connect with SQLSTATE 08001. The proxy keeps listening on its port (closing it
     * would let another process take the port before {@code heal()}). Current connections are kept.
     *
     * @return this proxy
     */
    public FaultProxy refuse() {
        refusing = true;
        return this;
    }

    /**
     * Ends every fault: no latency, no black hole, new connections proxied again (on the same port).
     *
     * @return this proxy
     */
    public FaultProxy heal() {
        lock.lock();
        try {
            latencyNanos = 0;
            blackholed = false;
            refusing = false;
            unblocked.signalAll();
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** Closes the listener and every connection, and waits for the proxy's threads to end. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            blackholed = false;
            unblocked.signalAll();
        } finally {
            lock.unlock();
        }
        closeQuietly(listener);
        cut();
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private ServerSocket bind(int localPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort), 128);
        return socket;
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // refused or closed
            }
            if (refusing || closed) {
                abort(client);
                continue;
            }
            if (links.size() >= maxConnections) {
                LOG.warn("fault proxy on port {} is at its limit of {} connections; closing a new one",
                        port, maxConnections);
                closeQuietly(client);
                continue;
            }
            Link link = new Link(client);
            links.add(link);
            spawn("up", link::runUpstream);
        }
    }

    private void spawn(String role, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, "ballast-fault-proxy-" + port + "-" + role + "-" + threadIds.incrementAndGet());
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Waits while the proxy is black-holed. @return false if the proxy closed meanwhile */
    private boolean awaitPassable(Link link) {
        if (!blackholed) {
            return !closed && !link.isReset();
        }
        lock.lock();
        try {
            while (blackholed && !closed && !link.isReset()) {
                unblocked.await();
            }
            return !closed && !link.isReset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Closes a socket with a reset (RST, not FIN): a cut, not a goodbye. */
    private static void abort(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // already gone
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best-effort
        }
    }

    /** One client connection and its upstream connection. */
    private final class Link {
        private final Socket client;
        private volatile Socket server;
        private volatile boolean reset;

        Link(Socket client) {
            this.client = client;
        }

        boolean isReset() {
            return reset;
        }

        void runUpstream() {
            try {
                if (!awaitPassable(this)) {
                    return;
                }
                Socket s = new Socket();
                s.connect(target, 10_000);
                s.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                server = s;
                if (reset) {
                    return;
                }
                spawn("down", () -> pump(s, client));
                pump(client, s);
            } catch (IOException e) {
                LOG.debug("fault proxy could not reach {}: {}", target, e.toString());
            } finally {
                reset();
            }
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n = in.read(buffer);
                    if (!awaitPassable(this)) {
                        return;
                    }
                    long delay = latencyNanos;
                    if (delay > 0) {
                        TimeUnit.NANOSECONDS.sleep(delay);
                    }
                    if (n < 0) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (SocketException e) {
                // reset, cut or closed: the other pump ends too
            } catch (IOException e) {
                LOG.debug("fault proxy link failed: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                reset();
            }
        }

        void reset() {
            if (!links.remove(this) && reset) {
                return;
            }
            reset = true;
            abort(client);
            Socket s = server;
            if (s != null) {
                abort(s);
            }
            lock.lock();
            try {
                unblocked.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
