package dev.ballast.internal.topology;

import java.sql.Connection;
import javax.sql.DataSource;

/**
 * Implemented by a data source spread over several servers: where to ask about a transaction a given connection ran.
 * Commit verification uses it so that a lost COMMIT is checked on the server that ran it, never on another one that
 * became primary since.
 */
public interface SameServer {

    /**
     * @param connection a connection this data source handed out (possibly broken)
     * @return connections to the same server, or null if the connection is not one of ours; once another server has
     *     become primary in its place, its {@code getConnection()} fails with a non-transient error saying so
     */
    DataSource sameServerAs(Connection connection);
}
