package dev.ballast.demo.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ballast.demo.TicketDesk;
import dev.ballast.demo.api.NewTicket;
import dev.ballast.demo.api.NewUser;
import dev.ballast.demo.api.Problem;
import dev.ballast.demo.api.Ticket;
import dev.ballast.demo.api.TicketPatch;
import dev.ballast.demo.api.TicketStatus;
import dev.ballast.demo.api.User;
import dev.ballast.demo.api.Validation;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tickets API, mounted at {@code /api/}:
 *
 * <pre>
 * POST  /api/users                  {"name","email"}                      201 user | 400 | 409
 * GET   /api/users/{id}                                                   200 user | 404
 * POST  /api/tickets                {"title","description","priority"}    201 ticket | 400
 * GET   /api/tickets/{id}                                                 200 ticket | 404
 * GET   /api/tickets?status=Open&amp;limit=50                                 200 [tickets], newest first
 * PATCH /api/tickets/{id}           {"status":"InProgress"}               200 ticket | 400 | 404
 * </pre>
 *
 * Any route answers 503 with {@code Retry-After} while the database is unavailable (see {@link Failure}); an unknown
 * path (an id that is not 1 to 18 ASCII digits included) is 404 and a known path with the wrong method 405 with
 * {@code Allow}. What a client sends wrong is a 4xx, logged at most at debug level without a stack trace: a
 * malformed query string or a control character such as NUL in it or in a text field is 400, a body that is not
 * {@code application/json} in UTF-8 (or is compressed) 415, a body over {@value #MAX_BODY_BYTES} bytes 413 (checked
 * against {@code Content-Length} before reading), a path and query over {@value #MAX_URI_CHARS} characters 414.
 * Errors are {@code application/problem+json}; a 500 carries a correlation id that the log has with the details.
 * Thread-safe.
 */
public final class TicketsApi implements HttpHandler {

    /** Largest request body accepted, in bytes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Longest path plus query string accepted, in characters. */
    public static final int MAX_URI_CHARS = 2048;
    /** Tickets listed when no {@code limit} is given. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest {@code limit}. */
    public static final int MAX_LIMIT = 500;

    private static final Logger LOG = LoggerFactory.getLogger(TicketsApi.class);

    private final TicketDesk desk;

    /** @param desk what the API exposes */
    public TicketsApi(TicketDesk desk) {
        this.desk = Objects.requireNonNull(desk, "desk");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            try {
                route(exchange, path);
            } catch (Exception e) {
                if (exchange.getResponseCode() != -1) {
                    LOG.debug("{} {}: failed after the response started: {}", exchange.getRequestMethod(), path,
                            e.toString());
                    return;
                }
                Failure failure = Failure.of(e, path);
                if (failure.status() == 500) {
                    String id = String.format(Locale.ROOT, "%016x", ThreadLocalRandom.current().nextLong());
                    LOG.warn("{} {} failed [correlation id {}]", exchange.getRequestMethod(), path, id, e);
                    failure = failure.withCorrelationId(id);
                } else if (failure.status() == 503) {
                    LOG.debug("{} {}: database unavailable: {}", exchange.getRequestMethod(), path, e.toString());
                } else {
                    LOG.debug("{} {}: {} {}", exchange.getRequestMethod(), path, failure.status(),
                            failure.problem().detail());
                }
                failure.retryAfterSeconds().ifPresent(s -> exchange.getResponseHeaders().set("Retry-After",
                        Long.toString(s)));
                sendProblem(exchange, failure.problem());
            }
        }
    }

    private void route(HttpExchange exchange, String path) throws Exception {
        String method = exchange.getRequestMethod();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (exchange.getRequestURI().getRawPath().length() + (rawQuery == null ? 0 : rawQuery.length())
                > MAX_URI_CHARS) {
            throw ClientError.uriTooLong(MAX_URI_CHARS);
        }
        List<String> parts = segments(path);
        if (parts.size() < 2 || !parts.get(0).equals("api")) {
            notFound(exchange, path);
            return;
        }
        String collection = parts.get(1);
        if (!collection.equals("users") && !collection.equals("tickets")) {
            notFound(exchange, path);
            return;
        }
        if (parts.size() == 2) {
            if (collection.equals("users")) {
                if (allow(exchange, method, "POST")) {
                    User user = desk.createUser(Validation.user(read(exchange, NewUser.class)));
                    created(exchange, user, "/api/users/" + user.id());
                }
            } else if (method.equals("POST")) {
                Ticket ticket = desk.createTicket(Validation.ticket(read(exchange, NewTicket.class)));
                created(exchange, ticket, "/api/tickets/" + ticket.id());
            } else if (allow(exchange, method, "GET", "POST")) {
                Map<String, String> query = RequestText.query(rawQuery);
                TicketStatus status = Validation.statusFilter(query.get("status"));
                int limit = Validation.limit(query.get("limit"), DEFAULT_LIMIT, MAX_LIMIT);
                send(exchange, 200, desk.listTickets(status, limit));
            }
            return;
        }
        if (parts.size() != 3) {
            notFound(exchange, path);
            return;
        }
        long id = RequestText.id(parts.get(2));
        if (id < 1) {
            notFound(exchange, path);
            return;
        }
        if (collection.equals("users")) {
            if (allow(exchange, method, "GET")) {
                found(exchange, desk.findUser(id), path, "user");
            }
        } else if (method.equals("PATCH")) {
            TicketStatus status = Validation.patch(read(exchange, TicketPatch.class));
            found(exchange, desk.updateStatus(id, status), path, "ticket");
        } else if (allow(exchange, method, "GET", "PATCH")) {
            Optional<Ticket> ticket = desk.findTicket(id);
            found(exchange, ticket, path, "ticket");
        }
    }

    private static boolean allow(HttpExchange exchange, String method, String... allowed) throws IOException {
        for (String a : allowed) {
            if (a.equals(method) || (a.equals("GET") && method.equals("HEAD"))) {
                return true;
            }
        }
        String list = String.join(", ", allowed);
        exchange.getResponseHeaders().set("Allow", list);
        sendProblem(exchange, Problem.of(405, "Method Not Allowed",
                method + " is not supported here; use " + list + ".", exchange.getRequestURI().getPath()));
        return false;
    }

    private static void found(HttpExchange exchange, Optional<?> value, String path, String what)
            throws IOException {
        if (value.isPresent()) {
            send(exchange, 200, value.get());
        } else {
            sendProblem(exchange, Problem.of(404, "Not Found", "No " + what + " has this id.", path));
        }
    }

    private static void notFound(HttpExchange exchange, String path) throws IOException {
        sendProblem(exchange, Problem.of(404, "Not Found", "No resource at " + path + ".", path));
    }

    private static <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
        // not closed here: closing drains the rest of the body, which for a refused oversized one would mean
        // reading it all; the exchange is closed once the answer is sent
        return JsonRequest.read(exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Content-Encoding"),
                exchange.getRequestHeaders().getFirst("Content-Length"), exchange.getRequestBody(), type);
    }

    private static void created(HttpExchange exchange, Object value, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        send(exchange, 201, value);
    }

    private static void send(HttpExchange exchange, int status, Object value) throws IOException {
        write(exchange, status, "application/json", Json.mapper().writeValueAsBytes(value));
    }

    private static void sendProblem(HttpExchange exchange, Problem problem) throws IOException {
        write(exchange, problem.status(), "application/problem+json", Json.mapper().writeValueAsBytes(problem));
    }

    private static void write(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
