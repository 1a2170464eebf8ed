package dev.ballast.benchmarks.noop;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A non-pooling {@link DataSource} over a {@link NoopDriver}: each {@link #getConnection()} opens a new no-op
 * connection. The source a pool under test is given.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use.
 */
public final class NoopDataSource implements DataSource {

    private static final Properties NO_PROPERTIES = new Properties();

    private final NoopDriver driver;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeoutSeconds;

    /** A data source over a new driver. */
    public NoopDataSource() {
        this(new NoopDriver());
    }

    /** @param driver the driver that opens the connections */
    public NoopDataSource(NoopDriver driver) {
        this.driver = driver;
    }

    /** @return the driver, e.g. to ask how many connections it opened */
    public NoopDriver driver() {
        return driver;
    }

    @Override
    public Connection getConnection() {
        return driver.connect(NoopDriver.URL, NO_PROPERTIES);
    }

    @Override
    public Connection getConnection(String username, String password) {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the no-op data source does not log");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
