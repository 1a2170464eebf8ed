package dev.ballast.benchmarks.pool;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A {@link Driver} for pools that take a driver <em>class</em> and instantiate it themselves (Agroal's
 * {@code connectionProviderClass}): the URL names a {@link ConnectionTarget} registered here, and every connect goes
 * to that target's own driver instance with its own properties, so that such a pool opens exactly the connections the
 * other pools open. Not registered with {@code DriverManager}; benchmark harness only.
 *
 * <p>Thread-safe.
 */
public final class DriverBridge implements Driver {

    /** The URL prefix of registered targets. */
    static final String PREFIX = "jdbc:ballast-benchmark-bridge:";
    private static final Map<String, Registration> TARGETS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    /** Public no-argument constructor: the pool instantiates this class. */
    public DriverBridge() {
    }

    /**
     * @param target where connections should come from
     * @return the registration: its {@link Registration#url()} for the pool, {@link Registration#close()} when done
     */
    static Registration register(ConnectionTarget target) {
        Registration r = new Registration(PREFIX + IDS.incrementAndGet(), target);
        TARGETS.put(r.url(), r);
        return r;
    }

    @Override
    public Connection connect(String url, Properties ignored) throws SQLException {
        Registration r = url == null ? null : TARGETS.get(url);
        if (r == null) {
            return null;
        }
        Connection c = r.target.driver().connect(r.target.url(), r.target.properties());
        r.opened.incrementAndGet();
        return c;
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && TARGETS.containsKey(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("not used");
    }

    /** A target registered under a URL of its own; {@link #close()} forgets it. */
    static final class Registration implements AutoCloseable {

        private final String url;
        private final ConnectionTarget target;
        private final AtomicInteger opened = new AtomicInteger();

        private Registration(String url, ConnectionTarget target) {
            this.url = url;
            this.target = target;
        }

        /** @return the URL to give the pool */
        String url() {
            return url;
        }

        /** @return how many physical connections were opened through this registration */
        int opened() {
            return opened.get();
        }

        @Override
        public void close() {
            TARGETS.remove(url);
        }
    }
}
