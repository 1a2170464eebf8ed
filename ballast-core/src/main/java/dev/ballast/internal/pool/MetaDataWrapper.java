package dev.ballast.internal.pool;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The hand-written half of the pool's {@link DatabaseMetaData} view (the rest is generated:
 * {@link DatabaseMetaDataDelegation}). Every method checks that the connection handle it came from is still open
 * ({@link #open()}), calls the driver, and passes any {@link SQLException} through the pool's fatal-error check, so
 * metadata kept after {@code close()} never runs a query on a connection now lent to someone else. Catalog result
 * sets are wrapped, and {@link #getConnection()} returns the pooled connection. The two methods JDBC declares without
 * {@code SQLException} ({@code getDriverMajorVersion}, {@code getDriverMinorVersion}) answer constants of the driver.
 */
abstract class MetaDataWrapper implements DatabaseMetaData {

    final ConnectionWrapper connection;
    final DatabaseMetaData delegate;

    MetaDataWrapper(ConnectionWrapper connection, DatabaseMetaData delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    /**
     * @return the driver's metadata, if the connection handle is open
     * @throws SQLException {@code Connection is closed} (SQLSTATE 08003) otherwise, without reaching the driver
     */
    final DatabaseMetaData open() throws SQLException {
        if (connection.isHandleClosed()) {
            throw ConnectionWrapper.closedError();
        }
        return delegate;
    }

    final SQLException fail(SQLException x) {
        return connection.fail(x);
    }

    final ResultSet resultSet(ResultSet rs) {
        return rs == null ? null : new ProxyResultSet(null, connection, rs);
    }

    @Override
    public final Connection getConnection() throws SQLException {
        open();
        return connection;
    }

    @Override
    public final int getDriverMajorVersion() {
        return delegate.getDriverMajorVersion();
    }

    @Override
    public final int getDriverMinorVersion() {
        return delegate.getDriverMinorVersion();
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        DatabaseMetaData d = open();
        try {
            return iface.isInstance(this) || iface.isInstance(d) || d.isWrapperFor(iface);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        DatabaseMetaData d = open();
        try {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            if (iface.isInstance(d)) {
                return iface.cast(d);
            }
            return d.unwrap(iface);
        } catch (SQLException x) {
            throw fail(x);
        }
    }
}
