package dev.ballast.internal.pool;

import java.sql.Statement;

/** The pool's view of a plain {@link Statement} (see {@link StatementWrapper}). */
final class ProxyStatement extends StatementWrapper<Statement> {

    ProxyStatement(ProxyConnection connection, Statement delegate) {
        super(connection, delegate);
    }
}
