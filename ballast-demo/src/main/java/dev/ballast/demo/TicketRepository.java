package dev.ballast.demo;

import dev.ballast.demo.api.Ticket;
import dev.ballast.demo.api.TicketStatus;
import dev.ballast.resilience.DatabaseResilience;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads tickets and changes their status, each call through {@link DatabaseResilience}: reads with
 * {@link DatabaseResilience#withConnection withConnection}, the status change with
 * {@link DatabaseResilience#inTransaction inTransaction}. Opening a ticket is {@link CreateTicketHandler}'s job.
 * Thread-safe.
 */
public final class TicketRepository {

    private final DatabaseResilience resilience;

    /** @param resilience Ballast's resilience */
    public TicketRepository(DatabaseResilience resilience) {
        this.resilience = Objects.requireNonNull(resilience, "resilience");
    }

    /**
     * @param id the ticket's id
     * @return the ticket, or empty
     * @throws SQLException if the database stays unavailable through the retries
     */
    public Optional<Ticket> findById(long id) throws SQLException {
        return resilience.withConnection(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT " + Rows.TICKET_COLUMNS + " FROM tickets WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Rows.ticket(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * @param status only this status, or null for every ticket
     * @param limit the most to return
     * @return tickets, newest first
     * @throws SQLException if the database stays unavailable through the retries
     */
    public List<Ticket> list(TicketStatus status, int limit) throws SQLException {
        String sql = "SELECT " + Rows.TICKET_COLUMNS + " FROM tickets"
                + (status == null ? "" : " WHERE status = ?") + " ORDER BY id DESC LIMIT ?";
        return resilience.withConnection(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                int i = 1;
                if (status != null) {
                    ps.setString(i++, status.name());
                }
                ps.setInt(i, limit);
                List<Ticket> tickets = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tickets.add(Rows.ticket(rs));
                    }
                }
                return tickets;
            }
        });
    }

    /**
     * @param id the ticket's id
     * @param status the new status
     * @return the updated ticket, or empty if there is no such ticket
     * @throws SQLException if the database stays unavailable through the retries
     */
    public Optional<Ticket> updateStatus(long id, TicketStatus status) throws SQLException {
        return resilience.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE tickets SET status = ?, updated_at = now() "
                    + "WHERE id = ? RETURNING " + Rows.TICKET_COLUMNS)) {
                ps.setString(1, status.name());
                ps.setLong(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Rows.ticket(rs)) : Optional.empty();
                }
            }
        });
    }
}
