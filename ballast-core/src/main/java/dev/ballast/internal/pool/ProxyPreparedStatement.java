package dev.ballast.internal.pool;

import java.sql.PreparedStatement;

/** The pool's view of a {@link PreparedStatement} (see {@link StatementWrapper}). */
final class ProxyPreparedStatement extends PreparedStatementDelegation<PreparedStatement> {

    ProxyPreparedStatement(ConnectionWrapper connection, PreparedStatement delegate) {
        super(connection, delegate);
    }
}
