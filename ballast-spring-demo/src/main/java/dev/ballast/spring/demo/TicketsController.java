package dev.ballast.spring.demo;

import dev.ballast.demo.TicketRepository;
import dev.ballast.demo.UserRepository;
import dev.ballast.demo.api.NewTicket;
import dev.ballast.demo.api.NewUser;
import dev.ballast.demo.api.Problem;
import dev.ballast.demo.api.Ticket;
import dev.ballast.demo.api.TicketPatch;
import dev.ballast.demo.api.TicketStatus;
import dev.ballast.demo.api.User;
import dev.ballast.demo.api.Validation;
import dev.ballast.demo.http.RequestText;
import dev.ballast.demo.http.TicketsApi;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tickets API, the same as the plain demo's ({@link TicketsApi} documents it): same paths, methods, JSON,
 * status codes and problems. Bodies are read by {@link ApiBodyReader} and checked by the plain demo's
 * {@link Validation}; ids and the query string are read by its {@link RequestText}; failures are answered by
 * {@link ApiProblems}. Reads go through the plain demo's repositories (on the starter's {@code DatabaseResilience}),
 * writes through {@link TicketWrites}. Thread-safe.
 */
@RestController
@RequestMapping("/api")
public class TicketsController {

    private final TicketRepository tickets;
    private final UserRepository users;
    private final TicketWrites writes;

    /**
     * @param tickets ticket reads
     * @param users user reads
     * @param writes every write
     */
    public TicketsController(TicketRepository tickets, UserRepository users, TicketWrites writes) {
        this.tickets = tickets;
        this.users = users;
        this.writes = writes;
    }

    /**
     * {@code POST /api/users}.
     *
     * @param body {@code {"name","email"}}, or null if the request had none
     * @return 201 with the user and its {@code Location}
     */
    @PostMapping("/users")
    public ResponseEntity<User> createUser(@RequestBody(required = false) NewUser body) {
        User user = writes.createUser(Validation.user(body));
        return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(user);
    }

    /**
     * {@code GET /api/users/{id}}.
     *
     * @param id the id as written in the path
     * @param request the request, for the problem's {@code instance}
     * @return 200 with the user, or 404
     * @throws SQLException if the database stays unavailable through the retries
     */
    @GetMapping("/users/{id}")
    public ResponseEntity<?> findUser(@PathVariable("id") String id, HttpServletRequest request) throws SQLException {
        long key = RequestText.id(id);
        return key < 1 ? ApiProblems.noResource(request) : found(users.findById(key), "user", request);
    }

    /**
     * {@code POST /api/tickets}.
     *
     * @param body {@code {"title","description","priority","reporterId","requestKey"}}, or null if none
     * @return 201 with the ticket and its {@code Location}
     */
    @PostMapping("/tickets")
    public ResponseEntity<Ticket> createTicket(@RequestBody(required = false) NewTicket body) {
        Ticket ticket = writes.createTicket(Validation.ticket(body));
        return ResponseEntity.created(URI.create("/api/tickets/" + ticket.id())).body(ticket);
    }

    /**
     * {@code GET /api/tickets?status=Open&limit=50}, newest first.
     *
     * @param request the request, whose raw query string is read strictly
     * @return 200 with the tickets
     * @throws SQLException if the database stays unavailable through the retries
     */
    @GetMapping("/tickets")
    public List<Ticket> listTickets(HttpServletRequest request) throws SQLException {
        Map<String, String> query = RequestText.query(request.getQueryString());
        TicketStatus status = Validation.statusFilter(query.get("status"));
        int limit = Validation.limit(query.get("limit"), TicketsApi.DEFAULT_LIMIT, TicketsApi.MAX_LIMIT);
        return tickets.list(status, limit);
    }

    /**
     * {@code GET /api/tickets/{id}}.
     *
     * @param id the id as written in the path
     * @param request the request, for the problem's {@code instance}
     * @return 200 with the ticket, or 404
     * @throws SQLException if the database stays unavailable through the retries
     */
    @GetMapping("/tickets/{id}")
    public ResponseEntity<?> findTicket(@PathVariable("id") String id, HttpServletRequest request) throws SQLException {
        long key = RequestText.id(id);
        return key < 1 ? ApiProblems.noResource(request) : found(tickets.findById(key), "ticket", request);
    }

    /**
     * {@code PATCH /api/tickets/{id}}.
     *
     * @param id the id as written in the path
     * @param body {@code {"status"}}, or null if none
     * @param request the request, for the problem's {@code instance}
     * @return 200 with the updated ticket, 404 if there is none
     */
    @PatchMapping("/tickets/{id}")
    public ResponseEntity<?> updateStatus(@PathVariable("id") String id,
            @RequestBody(required = false) TicketPatch body, HttpServletRequest request) {
        long key = RequestText.id(id);
        if (key < 1) {
            return ApiProblems.noResource(request);
        }
        TicketStatus status = Validation.patch(body);
        return found(writes.updateStatus(key, status), "ticket", request);
    }

    private static ResponseEntity<?> found(Optional<?> value, String what, HttpServletRequest request) {
        if (value.isPresent()) {
            return ResponseEntity.ok(value.get());
        }
        return ApiProblems.answer(Problem.of(404, "Not Found", "No " + what + " has this id.",
                request.getRequestURI()));
    }
}
