package dev.ballast.internal.pool;

import java.sql.CallableStatement;

/** The pool's view of a {@link CallableStatement} (see {@link StatementWrapper}). */
final class ProxyCallableStatement extends CallableStatementDelegation<CallableStatement> {

    ProxyCallableStatement(ConnectionWrapper connection, CallableStatement delegate) {
        super(connection, delegate);
    }
}
