package dev.ballast.internal.pool;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The hand-written half of the pool's {@link ResultSet} view (the rest is generated: {@link ResultSetDelegation}).
 * Every method checks that the result set and its connection handle are open ({@link #open()}), calls the driver, and
 * passes any {@link SQLException} through the pool's fatal-error check. {@link #getStatement()} returns the pooled
 * statement (or {@code null} for a metadata result set), never the driver's, so that no caller can reach the physical
 * connection. Not thread-safe.
 */
abstract class ResultSetWrapper implements ResultSet {

    private final Statement statement;
    final ConnectionWrapper connection;
    final ResultSet delegate;
    private boolean closed;

    ResultSetWrapper(Statement statement, ConnectionWrapper connection, ResultSet delegate) {
        this.statement = statement;
        this.connection = connection;
        this.delegate = delegate;
    }

    /**
     * @return the driver's result set, if this result set and its connection handle are open
     * @throws SQLException otherwise, without reaching the driver
     */
    final ResultSet open() throws SQLException {
        if (closed) {
            throw new SQLException("ResultSet is closed", "55000");
        }
        if (connection.isHandleClosed()) {
            throw ConnectionWrapper.closedError();
        }
        return delegate;
    }

    final SQLException fail(SQLException x) {
        return connection.fail(x);
    }

    final ResultSetMetaData resultSetMetaData(ResultSetMetaData m) {
        return m == null ? null : new ProxyResultSetMetaData(connection, m);
    }

    @Override
    public final Statement getStatement() throws SQLException {
        open();
        return statement;
    }

    /**
     * Closes the driver's result set, unless the connection handle is closed already: the physical connection may
     * belong to another borrower by now.
     */
    @Override
    public final void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (connection.isHandleClosed()) {
            return;
        }
        try {
            delegate.close();
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final boolean isClosed() throws SQLException {
        if (closed || connection.isHandleClosed()) {
            return true;
        }
        try {
            return delegate.isClosed();
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        ResultSet d = open();
        try {
            return iface.isInstance(this) || iface.isInstance(d) || d.isWrapperFor(iface);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        ResultSet d = open();
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
