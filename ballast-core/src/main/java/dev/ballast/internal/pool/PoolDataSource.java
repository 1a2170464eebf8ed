package dev.ballast.internal.pool;

import dev.ballast.pool.BallastPool;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * The {@link javax.sql.DataSource} formalities of a pool: per-user connections are not supported, the login timeout
 * is the driver's for connections opened from now on, the log writer is kept but unused (Ballast logs through
 * SLF4J), and the pool unwraps to itself only.
 */
abstract class PoolDataSource implements BallastPool {

    private final String name;
    private final Connector connector;
    private volatile PrintWriter logWriter;

    PoolDataSource(String name, Connector connector) {
        this.name = name;
        this.connector = connector;
    }

    /**
     * Not supported: the pool connects as its one configured user.
     *
     * @throws SQLFeatureNotSupportedException always
     */
    @Override
    public final Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Pool '" + name + "' connects as its configured user; "
                + "getConnection(username, password) is not supported (use one pool per user)");
    }

    @Override
    public final PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public final void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Sets the driver's login timeout for physical connections opened from now on; 0 restores the configured one. */
    @Override
    public final void setLoginTimeout(int seconds) {
        connector.setLoginTimeout(seconds);
    }

    @Override
    public final int getLoginTimeout() {
        return connector.loginTimeout();
    }

    @Override
    public final Logger getParentLogger() {
        return Logger.getLogger("dev.ballast.pool");
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Pool '" + name + "' does not wrap a " + iface.getName());
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
