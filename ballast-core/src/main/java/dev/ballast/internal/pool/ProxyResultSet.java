package dev.ballast.internal.pool;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The pool's view of a {@link ResultSet}: {@link ResultSetWrapper} (hand-written) plus {@link ResultSetDelegation}
 * (generated from {@link ResultSet}).
 */
final class ProxyResultSet extends ResultSetDelegation {

    ProxyResultSet(Statement statement, ConnectionWrapper connection, ResultSet delegate) {
        super(statement, connection, delegate);
    }
}
