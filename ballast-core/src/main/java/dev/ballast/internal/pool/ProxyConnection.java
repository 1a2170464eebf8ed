package dev.ballast.internal.pool;

import java.sql.CallableStatement;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The connection a borrower holds: a handle of two fields, allocated per borrow, over the pooled {@link PoolEntry}
 * (which carries all per-connection state and is reused). {@link #close()} is idempotent and returns the connection
 * to the pool; any other call on a closed handle throws {@code Connection is closed} (SQLSTATE 08003), so a stale
 * handle can never reach a connection that another borrower now holds. {@code unwrap(PGConnection.class)} returns
 * the driver's connection. Not thread-safe, as JDBC connections are not: closing one handle from two threads at once
 * is a caller's error (the pool's own state transitions still keep the connection from being handed out twice in
 * every ordering but a vanishingly unlikely one).
 */
final class ProxyConnection extends ConnectionWrapper {

    private boolean closed;

    ProxyConnection(PoolEntry entry) {
        super(entry);
    }

    @Override
    PoolEntry open() throws SQLException {
        if (closed) {
            throw closedError();
        }
        return entry;
    }

    boolean isHandleClosed() {
        return closed;
    }

    static SQLException closedError() {
        return new SQLException("Connection is closed", "08003");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            entry.pool.release(entry);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort needs an executor", "HY009");
        }
        if (!closed) {
            closed = true;
            entry.broken = true;
            try {
                entry.raw.abort(executor);
            } finally {
                entry.pool.release(entry);
            }
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || open().raw.isWrapperFor(iface) || iface.isInstance(entry.raw);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        PoolEntry e = open();
        if (iface.isInstance(e.raw)) {
            return iface.cast(e.raw);
        }
        return e.raw.unwrap(iface);
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        PoolEntry e = open();
        try {
            return new ProxyDatabaseMetaData(this, e.raw.getMetaData());
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    private <W extends StatementWrapper<?>> W track(PoolEntry e, W w) throws SQLException {
        int timeout = e.pool.queryTimeoutSeconds;
        if (timeout > 0) {
            try {
                w.delegate.setQueryTimeout(timeout);
            } catch (SQLException x) {
                w.delegate.close();
                throw x;
            }
        }
        e.statements.add(w);
        e.session.sessionUsed = true;
        return w;
    }

    @Override
    public Statement createStatement() throws SQLException {
        PoolEntry e = open();
        try {
            return track(e, new ProxyStatement(this, e.raw.createStatement()));
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        PoolEntry e = open();
        try {
            return track(e, new ProxyStatement(this, e.raw.createStatement(type, concurrency)));
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        PoolEntry e = open();
        try {
            return track(e, new ProxyStatement(this, e.raw.createStatement(type, concurrency, holdability)));
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        PoolEntry e = open();
        try {
            return track(e, new ProxyPreparedStatement(this, e.raw.prepareStatement(sql)));
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        PoolEntry e = open();
        try {
            return track(e, new ProxyPreparedStatement(this, e.raw.prepareStatement(sql, type, concurrency)));
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
            throws SQLException {
        PoolEntry e = open();
        try {
            return track(e, new ProxyPreparedStatement(this,
                    e.raw.prepareStatement(sql, type, concurrency, holdability)));
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        PoolEntry e = open();
        try {
            return track(e, new ProxyPreparedStatement(this, e.raw.prepareStatement(sql, autoGeneratedKeys)));
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        PoolEntry e = open();
        try {
            return track(e, new ProxyPreparedStatement(this, e.raw.prepareStatement(sql, columnIndexes)));
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        PoolEntry e = open();
        try {
            return track(e, new ProxyPreparedStatement(this, e.raw.prepareStatement(sql, columnNames)));
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        PoolEntry e = open();
        try {
            return track(e, new ProxyCallableStatement(this, e.raw.prepareCall(sql)));
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        PoolEntry e = open();
        try {
            return track(e, new ProxyCallableStatement(this, e.raw.prepareCall(sql, type, concurrency)));
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability)
            throws SQLException {
        PoolEntry e = open();
        try {
            return track(e, new ProxyCallableStatement(this, e.raw.prepareCall(sql, type, concurrency, holdability)));
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void commit() throws SQLException {
        PoolEntry e = open();
        try {
            e.raw.commit();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void rollback() throws SQLException {
        PoolEntry e = open();
        try {
            e.raw.rollback();
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        PoolEntry e = open();
        try {
            e.session.change(ConnectionState.AUTO_COMMIT, e.raw);
            e.raw.setAutoCommit(autoCommit);
            e.session.autoCommit = autoCommit;
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        PoolEntry e = open();
        try {
            e.session.change(ConnectionState.ISOLATION, e.raw);
            e.raw.setTransactionIsolation(level);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        PoolEntry e = open();
        try {
            e.session.change(ConnectionState.READ_ONLY, e.raw);
            e.raw.setReadOnly(readOnly);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        PoolEntry e = open();
        try {
            e.session.change(ConnectionState.CATALOG, e.raw);
            e.raw.setCatalog(catalog);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        PoolEntry e = open();
        try {
            e.session.change(ConnectionState.SCHEMA, e.raw);
            e.raw.setSchema(schema);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        PoolEntry e = open();
        try {
            e.session.change(ConnectionState.NETWORK_TIMEOUT, e.raw);
            e.raw.setNetworkTimeout(executor, milliseconds);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        PoolEntry e = open();
        try {
            e.session.change(ConnectionState.TYPE_MAP, e.raw);
            e.raw.setTypeMap(map);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        PoolEntry e = open();
        try {
            e.session.change(ConnectionState.HOLDABILITY, e.raw);
            e.raw.setHoldability(holdability);
        } catch (SQLException x) {
            throw e.fail(x);
        }
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        PoolEntry e = openForClientInfo();
        e.raw.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        PoolEntry e = openForClientInfo();
        e.raw.setClientInfo(properties);
    }

    private PoolEntry openForClientInfo() throws SQLClientInfoException {
        try {
            PoolEntry e = open();
            e.session.change(ConnectionState.CLIENT_INFO, e.raw);
            return e;
        } catch (SQLException x) {
            throw new SQLClientInfoException(x.getMessage(), x.getSQLState(), x.getErrorCode(), Map.of(), x);
        }
    }

    @Override
    public String toString() {
        return "BallastConnection[" + (closed ? "closed" : entry.raw.toString()) + "]";
    }
}
