package dev.ballast.internal.resilience;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/** Failures as PostgreSQL and pgjdbc raise them. */
public final class Failures {

    private Failures() {}

    /**
     * @param sqlState the SQLSTATE
     * @return a server error with that SQLSTATE, as pgjdbc reports it
     */
    public static PSQLException server(String sqlState) {
        return new PSQLException(new ServerErrorMessage("SERROR\u0000C" + sqlState + "\u0000Mfake error " + sqlState
                + "\u0000"));
    }

    /** @return pgjdbc's I/O failure: state 08006 with a socket timeout as cause */
    public static PSQLException ioFailure() {
        return new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE,
                new SocketTimeoutException("Read timed out"));
    }

    /** @return pgjdbc's error for a call on a closed connection */
    public static PSQLException connectionClosed() {
        return new PSQLException("This connection has been closed.", PSQLState.CONNECTION_DOES_NOT_EXIST);
    }

    /** @return a serialization failure */
    public static SQLException serialization() {
        return server("40001");
    }

    /** @return a unique violation */
    public static SQLException uniqueViolation() {
        return server("23505");
    }

    /** @return a wrapper without SQLSTATE around an I/O failure */
    public static SQLException wrappedIo() {
        return new SQLException("wrapped", (String) null, new IOException("Connection reset"));
    }
}
