package dev.ballast.internal.topology;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Implemented by a data source that can send read-only work elsewhere than its writes (a cluster sends it to a
 * standby). The resilience engine borrows a read-only transaction's connection here.
 */
public interface ReadRouting {

    /**
     * @return a connection for read-only work, on a standby within the lag bound, else on the primary; read-your-writes
     *     as the ReadYourWrites key says
     * @throws SQLException if no host can serve it
     */
    Connection readConnection() throws SQLException;
}
