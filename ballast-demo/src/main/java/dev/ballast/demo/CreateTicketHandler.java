package dev.ballast.demo;

import dev.ballast.demo.api.CreateTicket;
import dev.ballast.demo.api.Ticket;
import dev.ballast.resilience.DatabaseResilience;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Objects;

/**
 * Opens a ticket: the command-handler pattern (as in .NET: {@code CreateTicketHandler.Handle}). The
 * insert runs in {@link DatabaseResilience#inTransaction inTransaction}: a transient failure before the commit rolls
 * back and replays the whole transaction on a fresh connection, and a connection lost <em>during</em> COMMIT is
 * verified with the server before anything is replayed. So a caller that gets a ticket back knows it was stored
 * exactly once, and one that gets {@code CommitOutcomeUnknownException} knows it must look before writing again.
 * Thread-safe.
 */
public final class CreateTicketHandler {

    private static final String INSERT = "INSERT INTO tickets (title, description, priority, status, reporter_id, "
            + "request_key) VALUES (?, ?, ?, 'Open', ?, ?) RETURNING " + Rows.TICKET_COLUMNS;

    private final DatabaseResilience resilience;

    /** @param resilience Ballast's resilience, e.g. {@code ballast.resilience()} */
    public CreateTicketHandler(DatabaseResilience resilience) {
        this.resilience = Objects.requireNonNull(resilience, "resilience");
    }

    /**
     * @param command a validated command
     * @return the new ticket, status {@code Open}, with its id and the database's {@code createdAt}
     * @throws SQLException 23503 if the reporter does not exist; {@code CircuitOpenException} while the database is
     *     unavailable; {@code CommitOutcomeUnknownException} if the commit's outcome could not be verified
     */
    public Ticket handle(CreateTicket command) throws SQLException {
        return resilience.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(INSERT)) {
                ps.setString(1, command.title());
                ps.setString(2, command.description());
                ps.setString(3, command.priority().name());
                if (command.reporterId() == null) {
                    ps.setNull(4, Types.BIGINT);
                } else {
                    ps.setLong(4, command.reporterId());
                }
                ps.setObject(5, command.requestKey(), Types.OTHER);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Rows.ticket(rs);
                }
            }
        });
    }
}
