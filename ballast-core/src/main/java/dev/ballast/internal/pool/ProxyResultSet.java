package dev.ballast.internal.pool;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The pool's view of a {@link ResultSet}: {@link #getStatement()} returns the pooled statement (or {@code null} for a
 * metadata result set), never the driver's, so that no caller can reach the physical connection; navigation and row
 * changes, which may talk to the server, are checked for fatal errors. Not thread-safe.
 */
final class ProxyResultSet extends ResultSetUpdaters {

    private final Statement statement;
    private final PoolEntry entry;

    ProxyResultSet(Statement statement, PoolEntry entry, ResultSet delegate) {
        super(delegate);
        this.statement = statement;
        this.entry = entry;
    }

    private SQLException fail(SQLException e) {
        return entry.fail(e);
    }

    @Override
    public Statement getStatement() throws SQLException {
        delegate.getStatement(); // throws if this result set is closed
        return statement;
    }

    @Override
    public void close() throws SQLException {
        try {
            delegate.close();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate.isClosed();
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public boolean next() throws SQLException {
        try {
            return delegate.next();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        delegate.clearWarnings();
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        return delegate.isBeforeFirst();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        return delegate.isAfterLast();
    }

    @Override
    public boolean isFirst() throws SQLException {
        return delegate.isFirst();
    }

    @Override
    public boolean isLast() throws SQLException {
        return delegate.isLast();
    }

    @Override
    public void beforeFirst() throws SQLException {
        try {
            delegate.beforeFirst();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void afterLast() throws SQLException {
        try {
            delegate.afterLast();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean first() throws SQLException {
        try {
            return delegate.first();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean last() throws SQLException {
        try {
            return delegate.last();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        try {
            return delegate.absolute(row);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        try {
            return delegate.relative(rows);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean previous() throws SQLException {
        try {
            return delegate.previous();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        delegate.setFetchDirection(direction);
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        delegate.setFetchSize(rows);
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        return delegate.rowUpdated();
    }

    @Override
    public boolean rowInserted() throws SQLException {
        return delegate.rowInserted();
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        return delegate.rowDeleted();
    }

    @Override
    public void insertRow() throws SQLException {
        try {
            delegate.insertRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateRow() throws SQLException {
        try {
            delegate.updateRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void deleteRow() throws SQLException {
        try {
            delegate.deleteRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void refreshRow() throws SQLException {
        try {
            delegate.refreshRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        try {
            delegate.cancelRowUpdates();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        try {
            delegate.moveToInsertRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        try {
            delegate.moveToCurrentRow();
        } catch (SQLException e) {
            throw fail(e);
        }
    }
}
