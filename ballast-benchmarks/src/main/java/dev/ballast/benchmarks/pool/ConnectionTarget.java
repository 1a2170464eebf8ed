package dev.ballast.benchmarks.pool;

import dev.ballast.benchmarks.noop.NoopDriver;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Where every pool under test gets its physical connections: one {@link Driver}, URL and set of driver properties,
 * handed to each pool in the form it takes (Ballast: driver + URL + properties; HikariCP: {@link #dataSource()}), so
 * that the pools open identical connections.
 *
 * @param driver the JDBC driver
 * @param url its URL
 * @param properties the driver properties (user, pgjdbc settings, ...); copied
 */
public record ConnectionTarget(Driver driver, String url, Properties properties) {

    /** Copies the properties so that later changes to the caller's object do not leak in. */
    public ConnectionTarget {
        Properties copy = new Properties();
        copy.putAll(properties);
        properties = copy;
    }

    /** @return a target on a new {@link NoopDriver}, no properties */
    public static ConnectionTarget noop() {
        return new ConnectionTarget(new NoopDriver(), NoopDriver.URL, new Properties());
    }

    /** @return the properties, a copy */
    @Override
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /** @return a non-pooling data source: each {@code getConnection()} is {@code driver.connect(url, properties)} */
    public DataSource dataSource() {
        return new DriverSource(this);
    }

    /** A non-pooling {@link DataSource} over a target. */
    private static final class DriverSource implements DataSource {

        private final ConnectionTarget target;
        private volatile PrintWriter logWriter;
        private volatile int loginTimeoutSeconds;

        DriverSource(ConnectionTarget target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = target.driver.connect(target.url, target.properties);
            if (c == null) {
                throw new SQLException("driver " + target.driver.getClass().getName() + " does not accept "
                        + target.url, "08001");
            }
            return c;
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the benchmark target connects as its configured user");
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
            throw new SQLFeatureNotSupportedException("not used");
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("not a wrapper of " + iface.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }
    }
}
