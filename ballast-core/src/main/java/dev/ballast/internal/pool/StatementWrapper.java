package dev.ballast.internal.pool;

import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The hand-written half of the pool's {@link Statement} views (the rest is generated: {@link StatementDelegation},
 * {@link PreparedStatementDelegation}, {@link CallableStatementDelegation}). Every method checks that the statement
 * and its connection handle are open ({@link #open()}), calls the driver, and passes any {@link SQLException} through
 * the pool's fatal-error check. Result sets are wrapped so that {@code getStatement()} returns this wrapper,
 * {@link #getConnection()} returns the pooled connection, and {@link #close()} forgets the statement so that
 * returning the connection does not close it twice. Not thread-safe, like the statement it wraps.
 *
 * @param <S> the driver's statement type
 */
abstract class StatementWrapper<S extends Statement> implements Statement {

    final ConnectionWrapper connection;
    final S delegate;
    private boolean closed;

    StatementWrapper(ConnectionWrapper connection, S delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    /**
     * @return the driver's statement, if this statement and its connection handle are open
     * @throws SQLException otherwise, without reaching the driver
     */
    final S open() throws SQLException {
        if (closed) {
            throw new SQLException("Statement is closed", "55000");
        }
        if (connection.isHandleClosed()) {
            throw ConnectionWrapper.closedError();
        }
        return delegate;
    }

    final SQLException fail(SQLException x) {
        return connection.fail(x);
    }

    /**
     * Called by the generated methods before SQL text runs ({@code execute(String)}, {@code executeQuery(String)},
     * ...): behind a transaction-mode PgBouncer, the SQL is checked for what needs a server session of its own, and
     * a transaction about to begin gets the borrower's isolation level. Elsewhere two field reads.
     *
     * @param sql the SQL text
     * @throws SQLException if setting the isolation level fails
     */
    final void beforeExecute(String sql) throws SQLException {
        checkSql(sql);
        connection.beforeStatement();
    }

    /** As {@link #beforeExecute(String)}, for statements whose SQL was given when they were prepared. */
    final void beforeExecute() throws SQLException {
        connection.beforeStatement();
    }

    /**
     * Called before SQL text is queued for a batch: behind a transaction-mode PgBouncer, checked as in
     * {@link #beforeExecute(String)}.
     *
     * @param sql the SQL text
     */
    final void checkSql(String sql) {
        SessionOnlySql check = connection.entry.pool.sessionOnlySql;
        if (check != null) {
            check.check(sql);
        }
    }

    final ResultSet resultSet(ResultSet rs) {
        return rs == null ? null : new ProxyResultSet(this, connection, rs);
    }

    final ResultSetMetaData resultSetMetaData(ResultSetMetaData m) {
        return m == null ? null : new ProxyResultSetMetaData(connection, m);
    }

    final ParameterMetaData parameterMetaData(ParameterMetaData m) {
        return m == null ? null : new ProxyParameterMetaData(connection, m);
    }

    /**
     * Closes the driver's statement, unless the connection handle is closed already: then the pool has closed it (or
     * destroyed the connection), and the physical connection may belong to another borrower by now.
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
        connection.entry.statements.remove(delegate);
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
    public final Connection getConnection() throws SQLException {
        open();
        return connection;
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        S d = open();
        try {
            return iface.isInstance(this) || iface.isInstance(d) || d.isWrapperFor(iface);
        } catch (SQLException x) {
            throw fail(x);
        }
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        S d = open();
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
