package dev.ballast.spring.demo;

import dev.ballast.demo.Rows;
import dev.ballast.demo.api.CreateTicket;
import dev.ballast.demo.api.NewUser;
import dev.ballast.demo.api.Ticket;
import dev.ballast.demo.api.TicketStatus;
import dev.ballast.demo.api.User;
import dev.ballast.spring.boot.transaction.ResilientTransaction;
import java.sql.Types;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Every write of the tickets service, each one {@link ResilientTransaction @ResilientTransaction} method (the
 * starter's {@code @Transactional}) on Spring's {@link JdbcClient}: the Spring way of writing what the plain demo
 * writes with {@code DatabaseResilience.inTransaction}. The starter replays such a method whole, in a new
 * transaction on a fresh connection, on a transient failure (connection lost, server restarting, serialization
 * failure), and verifies a COMMIT whose answer was lost before deciding anything: so a caller that gets a row back
 * knows it was stored exactly once, and one that gets {@code CommitOutcomeUnknownException} (inside Spring's
 * {@code TransactionSystemException}) knows it must look before writing again. A method may therefore run more than
 * once: each does nothing but its SQL. Thread-safe.
 */
@Service
public class TicketWrites {

    private static final String INSERT_TICKET = "INSERT INTO tickets (title, description, priority, status, "
            + "reporter_id, request_key) VALUES (?, ?, ?, 'Open', ?, ?) RETURNING " + Rows.TICKET_COLUMNS;
    private static final String INSERT_USER = "INSERT INTO users (name, email) VALUES (?, ?) RETURNING "
            + Rows.USER_COLUMNS;
    private static final String UPDATE_STATUS = "UPDATE tickets SET status = ?, updated_at = now() WHERE id = ? "
            + "RETURNING " + Rows.TICKET_COLUMNS;

    private final JdbcClient jdbc;

    /** @param jdbc Spring's client on Ballast's {@code DataSource} */
    public TicketWrites(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Opens a ticket.
     *
     * @param command a validated command
     * @return the new ticket, status {@code Open}
     * @throws org.springframework.dao.DataAccessException with SQLSTATE 23503 if the reporter does not exist, or
     *     the last failure if the database stayed unavailable through the replays
     */
    @ResilientTransaction
    public Ticket createTicket(CreateTicket command) {
        return jdbc.sql(INSERT_TICKET)
                .param(1, command.title(), Types.VARCHAR)
                .param(2, command.description(), Types.VARCHAR)
                .param(3, command.priority().name(), Types.VARCHAR)
                .param(4, command.reporterId(), Types.BIGINT)
                .param(5, command.requestKey(), Types.OTHER)
                .query((rs, row) -> Rows.ticket(rs))
                .single();
    }

    /**
     * Adds a user.
     *
     * @param user a validated user
     * @return the stored user with its id
     * @throws org.springframework.dao.DuplicateKeyException (SQLSTATE 23505) if the e-mail address is taken
     */
    @ResilientTransaction
    public User createUser(NewUser user) {
        return jdbc.sql(INSERT_USER)
                .param(1, user.name(), Types.VARCHAR)
                .param(2, user.email(), Types.VARCHAR)
                .query((rs, row) -> Rows.user(rs))
                .single();
    }

    /**
     * Moves a ticket to another status.
     *
     * @param id the ticket's id
     * @param status the new status
     * @return the updated ticket, or empty if there is no such ticket
     */
    @ResilientTransaction
    public Optional<Ticket> updateStatus(long id, TicketStatus status) {
        return jdbc.sql(UPDATE_STATUS)
                .param(1, status.name(), Types.VARCHAR)
                .param(2, id, Types.BIGINT)
                .query((rs, row) -> Rows.ticket(rs))
                .optional();
    }
}
