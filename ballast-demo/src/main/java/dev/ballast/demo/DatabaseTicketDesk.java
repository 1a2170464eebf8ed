package dev.ballast.demo;

import dev.ballast.demo.api.CreateTicket;
import dev.ballast.demo.api.NewUser;
import dev.ballast.demo.api.Ticket;
import dev.ballast.demo.api.TicketStatus;
import dev.ballast.demo.api.User;
import dev.ballast.resilience.DatabaseResilience;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@link TicketDesk} on PostgreSQL: the repositories and the command handler, all on one resilience. */
public final class DatabaseTicketDesk implements TicketDesk {

    private final UserRepository users;
    private final TicketRepository tickets;
    private final CreateTicketHandler createTicket;

    /** @param resilience Ballast's resilience, shared by every repository and handler */
    public DatabaseTicketDesk(DatabaseResilience resilience) {
        this.users = new UserRepository(resilience);
        this.tickets = new TicketRepository(resilience);
        this.createTicket = new CreateTicketHandler(resilience);
    }

    @Override
    public User createUser(NewUser user) throws SQLException {
        return users.add(user);
    }

    @Override
    public Optional<User> findUser(long id) throws SQLException {
        return users.findById(id);
    }

    @Override
    public Ticket createTicket(CreateTicket command) throws SQLException {
        return createTicket.handle(command);
    }

    @Override
    public Optional<Ticket> findTicket(long id) throws SQLException {
        return tickets.findById(id);
    }

    @Override
    public List<Ticket> listTickets(TicketStatus status, int limit) throws SQLException {
        return tickets.list(status, limit);
    }

    @Override
    public Optional<Ticket> updateStatus(long id, TicketStatus status) throws SQLException {
        return tickets.updateStatus(id, status);
    }
}
