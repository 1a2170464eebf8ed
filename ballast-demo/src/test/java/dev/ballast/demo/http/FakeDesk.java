package dev.ballast.demo.http;

import dev.ballast.demo.TicketDesk;
import dev.ballast.demo.api.CreateTicket;
import dev.ballast.demo.api.NewUser;
import dev.ballast.demo.api.Ticket;
import dev.ballast.demo.api.TicketStatus;
import dev.ballast.demo.api.User;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory desk for HTTP tests; {@link #failWith} makes every call throw. Instance state only. */
final class FakeDesk implements TicketDesk {

    private final Map<Long, Ticket> tickets = new ConcurrentHashMap<>();
    private final Map<Long, User> users = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile SQLException failure;

    void failWith(SQLException e) {
        failure = e;
    }

    private void maybeFail() throws SQLException {
        SQLException f = failure;
        if (f != null) {
            throw f;
        }
    }

    @Override
    public User createUser(NewUser user) throws SQLException {
        maybeFail();
        if (users.values().stream().anyMatch(u -> u.email().equalsIgnoreCase(user.email()))) {
            throw new SQLException("duplicate key value violates unique constraint", "23505");
        }
        User u = new User(ids.incrementAndGet(), user.name(), user.email(), Instant.now());
        users.put(u.id(), u);
        return u;
    }

    @Override
    public Optional<User> findUser(long id) throws SQLException {
        maybeFail();
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public Ticket createTicket(CreateTicket c) throws SQLException {
        maybeFail();
        Instant now = Instant.now();
        Ticket t = new Ticket(ids.incrementAndGet(), c.title(), c.description(), c.priority(), TicketStatus.Open,
                c.reporterId(), c.requestKey(), now, now);
        tickets.put(t.id(), t);
        return t;
    }

    @Override
    public Optional<Ticket> findTicket(long id) throws SQLException {
        maybeFail();
        return Optional.ofNullable(tickets.get(id));
    }

    @Override
    public List<Ticket> listTickets(TicketStatus status, int limit) throws SQLException {
        maybeFail();
        List<Ticket> out = new ArrayList<>();
        tickets.values().stream().filter(t -> status == null || t.status() == status).limit(limit).forEach(out::add);
        return out;
    }

    @Override
    public Optional<Ticket> updateStatus(long id, TicketStatus status) throws SQLException {
        maybeFail();
        return Optional.ofNullable(tickets.computeIfPresent(id, (k, t) -> new Ticket(t.id(), t.title(),
                t.description(), t.priority(), status, t.reporterId(), t.requestKey(), t.createdAt(), Instant.now())));
    }
}
