package dev.ballast.internal.pool;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * The pool's view of a {@link Statement}: every call goes to the driver's statement, errors are checked for fatal
 * ones (which mark the connection broken), result sets are wrapped so that {@code getStatement()} returns this
 * wrapper, {@link #getConnection()} returns the pooled connection, and {@link #close()} forgets the statement so that
 * returning the connection does not close it twice. Not thread-safe, like the statement it wraps.
 *
 * @param <S> the driver's statement type
 */
abstract class StatementWrapper<S extends Statement> implements Statement {

    final ProxyConnection connection;
    final S delegate;
    private boolean closed;

    StatementWrapper(ProxyConnection connection, S delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    final SQLException fail(SQLException e) {
        return connection.entry.fail(e);
    }

    final ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new ProxyResultSet(this, connection.entry, rs);
    }

    /** Closes the driver's statement on behalf of the pool, which has already forgotten it. */
    final void closeByPool() throws SQLException {
        closed = true;
        delegate.close();
    }

    @Override
    public final void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (!connection.isHandleClosed()) {
            connection.entry.statements.remove(this);
        }
        try {
            delegate.close();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public final boolean isClosed() throws SQLException {
        return closed || delegate.isClosed();
    }

    @Override
    public final Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("Statement is closed", "55000");
        }
        return connection;
    }

    @Override
    public final ResultSet executeQuery(String sql) throws SQLException {
        try {
            return wrap(delegate.executeQuery(sql));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public final ResultSet getResultSet() throws SQLException {
        try {
            return wrap(delegate.getResultSet());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public final ResultSet getGeneratedKeys() throws SQLException {
        try {
            return wrap(delegate.getGeneratedKeys());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        try {
            return delegate.executeUpdate(sql);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        return delegate.getMaxFieldSize();
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        delegate.setMaxFieldSize(max);
    }

    @Override
    public int getMaxRows() throws SQLException {
        return delegate.getMaxRows();
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        delegate.setMaxRows(max);
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        delegate.setEscapeProcessing(enable);
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        return delegate.getQueryTimeout();
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        delegate.setQueryTimeout(seconds);
    }

    @Override
    public void cancel() throws SQLException {
        try {
            delegate.cancel();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return delegate.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        delegate.clearWarnings();
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        delegate.setCursorName(name);
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        try {
            return delegate.execute(sql);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return delegate.getUpdateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        try {
            return delegate.getMoreResults();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        delegate.setFetchDirection(direction);
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return delegate.getFetchDirection();
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        delegate.setFetchSize(rows);
    }

    @Override
    public int getFetchSize() throws SQLException {
        return delegate.getFetchSize();
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        return delegate.getResultSetConcurrency();
    }

    @Override
    public int getResultSetType() throws SQLException {
        return delegate.getResultSetType();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        try {
            delegate.addBatch(sql);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        try {
            delegate.clearBatch();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        try {
            return delegate.executeBatch();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        try {
            return delegate.getMoreResults(current);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            return delegate.executeUpdate(sql, autoGeneratedKeys);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        try {
            return delegate.executeUpdate(sql, columnIndexes);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        try {
            return delegate.executeUpdate(sql, columnNames);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            return delegate.execute(sql, autoGeneratedKeys);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        try {
            return delegate.execute(sql, columnIndexes);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        try {
            return delegate.execute(sql, columnNames);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return delegate.getResultSetHoldability();
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        delegate.setPoolable(poolable);
    }

    @Override
    public boolean isPoolable() throws SQLException {
        return delegate.isPoolable();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        delegate.closeOnCompletion();
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return delegate.isCloseOnCompletion();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        return delegate.getLargeUpdateCount();
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        delegate.setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        return delegate.getLargeMaxRows();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        try {
            return delegate.executeLargeBatch();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        try {
            return delegate.executeLargeUpdate(sql);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            return delegate.executeLargeUpdate(sql, autoGeneratedKeys);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        try {
            return delegate.executeLargeUpdate(sql, columnIndexes);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        try {
            return delegate.executeLargeUpdate(sql, columnNames);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String enquoteLiteral(String val) throws SQLException {
        return delegate.enquoteLiteral(val);
    }

    @Override
    public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
        return delegate.enquoteIdentifier(identifier, alwaysQuote);
    }

    @Override
    public boolean isSimpleIdentifier(String identifier) throws SQLException {
        return delegate.isSimpleIdentifier(identifier);
    }

    @Override
    public String enquoteNCharLiteral(String val) throws SQLException {
        return delegate.enquoteNCharLiteral(val);
    }
}
