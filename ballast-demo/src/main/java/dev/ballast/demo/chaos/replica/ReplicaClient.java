package dev.ballast.demo.chaos.replica;

import java.sql.SQLException;
import java.util.UUID;

/** What a chaos client does against the database: one write, and reads of a write by its key. */
public interface ReplicaClient {

    /**
     * What a read saw.
     *
     * @param found whether the row was there
     * @param onStandby whether a standby served the read ({@code pg_is_in_recovery()} on its connection)
     */
    record Read(boolean found, boolean onStandby) {}

    /**
     * Writes one row in a transaction, through the primary.
     *
     * @param key the row's key, sent exactly once
     * @return the row's id once the commit is acknowledged
     * @throws SQLException if the write failed or its outcome is unknown
     */
    long write(UUID key) throws SQLException;

    /**
     * Reads a row this client wrote and saw acknowledged: the read is promised that write (read-your-writes).
     *
     * @param key the row's key
     * @return what the read saw
     * @throws SQLException if the read failed
     */
    Read readOwnWrite(UUID key) throws SQLException;

    /**
     * Reads a row with no promise: a standby within the lag bound may not have it yet.
     *
     * @param key the row's key
     * @return what the read saw
     * @throws SQLException if the read failed
     */
    Read read(UUID key) throws SQLException;
}
