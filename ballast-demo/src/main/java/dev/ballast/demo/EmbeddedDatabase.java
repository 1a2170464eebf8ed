package dev.ballast.demo;

import dev.ballast.testkit.FaultProxy;
import dev.ballast.testkit.PostgresServer;
import java.sql.SQLException;

/**
 * The PostgreSQL the demo starts when no database is configured: the testkit's embedded server (real PostgreSQL
 * binaries fetched by Maven, no Docker) with a {@code tickets} database, optionally behind a {@link FaultProxy} so
 * that the chaos mode can cut the network. {@link #close()} stops the server and deletes its data; the testkit also
 * stops it if the JVM exits without closing it, and reaps it on the next start if the JVM was killed outright.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The database the service uses. */
    public static final String DATABASE = "tickets";

    private final PostgresServer server;
    private final FaultProxy proxy;

    private EmbeddedDatabase(PostgresServer server, FaultProxy proxy) {
        this.server = server;
        this.proxy = proxy;
    }

    /**
     * Starts a server and creates the {@code tickets} database.
     *
     * @param behindProxy whether clients should reach it through a fault proxy
     * @return the running database
     * @throws IllegalStateException if the server starts but the database cannot be created
     */
    public static EmbeddedDatabase start(boolean behindProxy) {
        PostgresServer server = PostgresServer.launch();
        try {
            server.createDatabase(DATABASE);
            return new EmbeddedDatabase(server, behindProxy ? FaultProxy.start(server) : null);
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new IllegalStateException("embedded PostgreSQL started but the " + DATABASE
                    + " database could not be created", e);
        }
    }

    /** @return the URL the service connects to: through the proxy if there is one */
    public String jdbcUrl() {
        return proxy != null ? proxy.jdbcUrl(DATABASE) : server.jdbcUrl(DATABASE);
    }

    /** @return the URL of the server itself, bypassing the proxy (for verification after chaos) */
    public String directJdbcUrl() {
        return server.jdbcUrl(DATABASE);
    }

    /** @return the user to connect as */
    public String username() {
        return server.username();
    }

    /** @return the server, for stop / start / crash / terminate */
    public PostgresServer server() {
        return server;
    }

    /**
     * @return the fault proxy
     * @throws IllegalStateException if the database was started without one
     */
    public FaultProxy proxy() {
        if (proxy == null) {
            throw new IllegalStateException("this embedded database has no fault proxy");
        }
        return proxy;
    }

    /** Closes the proxy, stops the server and deletes its data directory. Idempotent. */
    @Override
    public void close() {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            server.close();
        }
    }
}
