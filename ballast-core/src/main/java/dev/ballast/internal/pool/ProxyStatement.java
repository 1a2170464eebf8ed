package dev.ballast.internal.pool;

import java.sql.Statement;

/** The pool's view of a plain {@link Statement} (see {@link StatementWrapper}). */
final class ProxyStatement extends StatementDelegation<Statement> {

    ProxyStatement(ConnectionWrapper connection, Statement delegate) {
        super(connection, delegate);
    }
}
