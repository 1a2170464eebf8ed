package dev.ballast.internal.pool;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The hand-written half of the pool's {@link Connection} view: the handle's open/closed state, the methods that must
 * do more than delegate (close, abort, unwrap, the settings the pool restores on return), and the hooks the generated
 * {@link ConnectionDelegation} calls. Every method follows the one rule of the wrappers: check that the handle is open
 * ({@link #open()}), call the driver, pass any {@link SQLException} through {@link #fail} (the pool's fatal-error
 * check) and rethrow it.
 *
 * <p>{@link #close()} releases the connection exactly once, whichever threads call it: a compare-and-set on the
 * entry's count of ended borrows ({@link PoolEntry#endBorrow}), never on the handle itself, so that a handle used only
 * inside its borrower's method can be optimised away by the JIT (escape analysis does not remove an object that is
 * the target of an atomic update). After it,
 * every call but {@code close}, {@code isClosed}, {@code isValid} and {@code abort} throws {@code Connection is closed}
 * (SQLSTATE 08003) without reaching the driver, so a stale handle can never touch a connection that another borrower
 * now holds.
 */
abstract class ConnectionWrapper implements Connection {

    final PoolEntry entry;
    /** Which borrow of the entry this handle is: how many borrows of it had ended when it was handed out. */
    private final int borrow;
    /** Set by {@link #markClosed()}; read plainly on the hot path. */
    private boolean closed;

    /** @param entry the entry, owned by the calling thread (which is handing it out) */
    ConnectionWrapper(PoolEntry entry) {
        this.entry = entry;
        this.borrow = entry.endedBorrows();
    }

    static SQLException closedError() {
        return new SQLException("Connection is closed", "08003");
    }

    /**
     * @return the driver's connection, if this handle is still open
     * @throws SQLException {@code Connection is closed} (SQLSTATE 08003) otherwise
     */
    final Connection open() throws SQLException {
        if (closed) {
            throw closedError();
        }
        return entry.raw;
    }

    /** Passes an error raised through this connection to the pool's fatal-error check; @return {@code x} */
    final SQLException fail(SQLException x) {
        return entry.fail(x);
    }

    final boolean isHandleClosed() {
        return closed;
    }

    /**
     * @return whether this call closed the handle (no other call did before, on any thread): the flag answers the
     *     usual repeated close at once, and the entry's compare-and-set settles a race between threads
     */
    private boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return entry.endBorrow(borrow);
    }

    // ------------------------------------------------------------------ hooks for the generated delegation

    final Statement adopt(Statement s) throws SQLException {
        return track(new ProxyStatement(this, s));
    }

    final PreparedStatement adopt(PreparedStatement s) throws SQLException {
        entry.pool.checkSessionOnlySql(s);
        return track(new ProxyPreparedStatement(this, s));
    }

    final CallableStatement adopt(CallableStatement s) throws SQLException {
        entry.pool.checkSessionOnlySql(s);
        return track(new ProxyCallableStatement(this, s));
    }

    /**
     * Before a statement of this connection runs: behind a transaction-mode PgBouncer, a transaction about to begin
     * gets the isolation level the borrower set. Elsewhere one field read.
     */
    final void beforeStatement() throws SQLException {
        ConnectionState s = entry.session;
        int level = s.beginIsolation;
        if (level >= 0 && !s.autoCommit) {
            TransactionModeIsolation.beforeStatement(entry, level);
        }
    }

    final DatabaseMetaData metaData(DatabaseMetaData m) {
        return new ProxyDatabaseMetaData(this, m);
    }

    private <W extends StatementWrapper<?>> W track(W w) throws SQLException {
        int timeout = entry.pool.queryTimeoutSeconds;
        if (timeout > 0) {
            try {
                w.delegate.setQueryTimeout(timeout);
            } catch (SQLException x) {
                w.delegate.close();
                throw x;
            }
        }
        entry.statements.add(w.delegate);
        entry.session.sessionUsed = true;
        return w;
    }

    // ------------------------------------------------------------------ the handle's own state

    @Override
    public final void close() {
        if (markClosed()) {
            entry.pool.release(entry);
        }
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    /** JDBC: {@code false} once closed, rather than an error. */
    @Override
    public final boolean isValid(int timeout) throws SQLException {
        if (closed) {
            return false;
        }
        Connection d = open();
        try {
            return d.isValid(timeout);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    /** JDBC: a no-op once closed. Otherwise the connection is destroyed, never reused. */
    @Override
    public final void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort needs an executor", "HY009");
        }
        if (!markClosed()) {
            return;
        }
        entry.broken = true;
        try {
            entry.raw.abort(executor);
        } catch (SQLException x) {
            throw fail(x);
        } finally {
            entry.pool.release(entry);
        }
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        Connection d = open();
        try {
            return iface.isInstance(this) || iface.isInstance(d) || d.isWrapperFor(iface);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        Connection d = open();
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

    // ------------------------------------------------------------------ settings the pool restores on return

    @Override
    public final void setAutoCommit(boolean autoCommit) throws SQLException {
        Connection d = open();
        try {
            entry.session.change(ConnectionState.AUTO_COMMIT, d);
            d.setAutoCommit(autoCommit);
            entry.session.autoCommit = autoCommit;
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final void setTransactionIsolation(int level) throws SQLException {
        Connection d = open();
        try {
            if (TransactionModeIsolation.applies(entry)) {
                TransactionModeIsolation.name(level); // an unknown level fails here, as pgjdbc's would
                entry.session.change(ConnectionState.ISOLATION, d);
                entry.session.deferIsolation(level);
                if (!entry.session.autoCommit && TransactionModeIsolation.inTransaction(entry)) {
                    TransactionModeIsolation.begin(d, level); // the server refuses (25001) once a query ran
                }
                return;
            }
            entry.session.change(ConnectionState.ISOLATION, d);
            d.setTransactionIsolation(level);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    /** Behind a transaction-mode PgBouncer, the level kept for the borrower's transactions; else the driver's. */
    @Override
    public final int getTransactionIsolation() throws SQLException {
        Connection d = open();
        int kept = entry.session.transactionIsolation;
        if (kept >= 0) {
            return kept;
        }
        try {
            return d.getTransactionIsolation();
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final void setReadOnly(boolean readOnly) throws SQLException {
        Connection d = open();
        try {
            entry.session.change(ConnectionState.READ_ONLY, d);
            d.setReadOnly(readOnly);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final void setCatalog(String catalog) throws SQLException {
        Connection d = open();
        try {
            entry.session.change(ConnectionState.CATALOG, d);
            d.setCatalog(catalog);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final void setSchema(String schema) throws SQLException {
        Connection d = open();
        try {
            entry.session.change(ConnectionState.SCHEMA, d);
            d.setSchema(schema);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        Connection d = open();
        try {
            entry.session.change(ConnectionState.NETWORK_TIMEOUT, d);
            d.setNetworkTimeout(executor, milliseconds);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        Connection d = open();
        try {
            entry.session.change(ConnectionState.TYPE_MAP, d);
            d.setTypeMap(map);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final void setHoldability(int holdability) throws SQLException {
        Connection d = open();
        try {
            entry.session.change(ConnectionState.HOLDABILITY, d);
            d.setHoldability(holdability);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    /** JDBC allows only {@link SQLClientInfoException} here: other errors are wrapped in one (the cause kept). */
    @Override
    public final void setClientInfo(String name, String value) throws SQLClientInfoException {
        try {
            Connection d = open();
            try {
                entry.session.change(ConnectionState.CLIENT_INFO, d);
                d.setClientInfo(name, value);
            } catch (SQLException x) {
                throw fail(x);
            }
        } catch (SQLException x) {
            throw clientInfoError(x);
        }
    }

    /** As {@link #setClientInfo(String, String)}. */
    @Override
    public final void setClientInfo(Properties properties) throws SQLClientInfoException {
        try {
            Connection d = open();
            try {
                entry.session.change(ConnectionState.CLIENT_INFO, d);
                d.setClientInfo(properties);
            } catch (SQLException x) {
                throw fail(x);
            }
        } catch (SQLException x) {
            throw clientInfoError(x);
        }
    }

    private static SQLClientInfoException clientInfoError(SQLException x) {
        if (x instanceof SQLClientInfoException) {
            return (SQLClientInfoException) x;
        }
        return new SQLClientInfoException(x.getMessage(), x.getSQLState(), x.getErrorCode(), Map.of(), x);
    }
}
