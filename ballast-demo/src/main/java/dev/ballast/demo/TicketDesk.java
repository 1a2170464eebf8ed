package dev.ballast.demo;

import dev.ballast.demo.api.CreateTicket;
import dev.ballast.demo.api.NewUser;
import dev.ballast.demo.api.Ticket;
import dev.ballast.demo.api.TicketStatus;
import dev.ballast.demo.api.User;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What the tickets service can do, independent of HTTP: the port the HTTP adapter calls. The implementation
 * ({@link DatabaseTicketDesk}) goes through Ballast; every method may throw what Ballast throws
 * ({@code CircuitOpenException} while the database is unavailable, {@code CommitOutcomeUnknownException} when a
 * commit's fate could not be learned) or a non-transient {@link SQLException} such as a unique violation.
 * Implementations are thread-safe.
 */
public interface TicketDesk {

    /**
     * @param user a validated user
     * @return the stored user
     * @throws SQLException 23505 if the e-mail address is taken, or a database failure
     */
    User createUser(NewUser user) throws SQLException;

    /**
     * @param id a user id
     * @return the user, or empty
     * @throws SQLException on a database failure
     */
    Optional<User> findUser(long id) throws SQLException;

    /**
     * @param command a validated command
     * @return the new ticket, status {@code Open}
     * @throws SQLException 23503 if the reporter does not exist, or a database failure
     */
    Ticket createTicket(CreateTicket command) throws SQLException;

    /**
     * @param id a ticket id
     * @return the ticket, or empty
     * @throws SQLException on a database failure
     */
    Optional<Ticket> findTicket(long id) throws SQLException;

    /**
     * @param status only tickets with this status, or null for all
     * @param limit the most to return, newest first
     * @return the tickets
     * @throws SQLException on a database failure
     */
    List<Ticket> listTickets(TicketStatus status, int limit) throws SQLException;

    /**
     * @param id a ticket id
     * @param status the new status
     * @return the updated ticket, or empty if there is no such ticket
     * @throws SQLException on a database failure
     */
    Optional<Ticket> updateStatus(long id, TicketStatus status) throws SQLException;
}
