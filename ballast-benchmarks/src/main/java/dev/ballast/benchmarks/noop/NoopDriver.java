package dev.ballast.benchmarks.noop;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A {@link Driver} for {@code jdbc:noop:} URLs whose connections talk to nothing. Registered with
 * {@link DriverManager} when loaded (which {@code META-INF/services/java.sql.Driver} makes happen), and usable
 * directly ({@code new NoopDriver().connect(...)}) or through {@link NoopDataSource}.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use; each instance counts the connections it opened.
 */
public final class NoopDriver implements Driver {

    /** The URL prefix this driver accepts. */
    public static final String URL_PREFIX = "jdbc:noop:";

    /** A URL this driver accepts. */
    public static final String URL = URL_PREFIX + "benchmark";

    static {
        try {
            DriverManager.registerDriver(new NoopDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AtomicLong opened = new AtomicLong();

    /**
     * Opens a no-op connection.
     *
     * @param url a {@code jdbc:noop:} URL
     * @param info ignored
     * @return a new open connection, or {@code null} if the URL is not a {@code jdbc:noop:} URL (as
     *     {@link Driver#connect} requires)
     */
    @Override
    public Connection connect(String url, Properties info) {
        if (!acceptsURL(url)) {
            return null;
        }
        opened.incrementAndGet();
        return new NoopConnection();
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }

    /** @return how many connections this instance has opened */
    public long connectionsOpened() {
        return opened.get();
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
    public Logger getParentLogger() {
        return Logger.getLogger(NoopDriver.class.getPackageName());
    }
}
