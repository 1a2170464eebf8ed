package dev.ballast.internal.pool;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * The hand-written half of the pool's {@link java.sql.ResultSetMetaData} and {@link java.sql.ParameterMetaData}
 * views (the rest is generated: {@code ProxyResultSetMetaData}, {@code ProxyParameterMetaData}). Drivers may answer
 * these from the server (pgjdbc looks up column details with a query), so every method checks that the connection
 * handle is still open, calls the driver, and passes any {@link SQLException} through the pool's fatal-error check.
 *
 * @param <M> the driver's metadata type
 */
abstract class MetaDataHandle<M extends Wrapper> {

    final ConnectionWrapper connection;
    final M delegate;

    MetaDataHandle(ConnectionWrapper connection, M delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    /**
     * @return the driver's metadata, if the connection handle is open
     * @throws SQLException {@code Connection is closed} (SQLSTATE 08003) otherwise, without reaching the driver
     */
    final M open() throws SQLException {
        if (connection.isHandleClosed()) {
            throw ConnectionWrapper.closedError();
        }
        return delegate;
    }

    final SQLException fail(SQLException x) {
        return connection.fail(x);
    }

    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        M d = open();
        try {
            return iface.isInstance(this) || iface.isInstance(d) || d.isWrapperFor(iface);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    public final <T> T unwrap(Class<T> iface) throws SQLException {
        M d = open();
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
