package dev.ballast.demo.http;

import dev.ballast.demo.api.Problem;
import dev.ballast.demo.api.ValidationException;
import dev.ballast.resilience.CircuitOpenException;
import dev.ballast.resilience.CommitOutcomeUnknownException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What an exception means for the client: a status, a problem body and, for 503, a {@code Retry-After}. The order of
 * the checks matters and is the documentation:
 *
 * <ol>
 *   <li>{@link ValidationException}: 400 naming each field; a body that is not JSON in UTF-8: 415; a body too
 *       large: 413; a URI too long: 414;</li>
 *   <li>{@link CircuitOpenException}: 503, {@code Retry-After} = the breaker's remaining open time, rounded up to whole
 *       seconds (at least 1) — the database is known to be down, the call never reached it;</li>
 *   <li>{@link CommitOutcomeUnknownException}: 500 without {@code Retry-After} — the write may have happened, and a
 *       blind retry could make it twice; the client must look before it writes again;</li>
 *   <li>SQLSTATE 23505 (unique violation): 409; 23503 (foreign key): 400 naming the field;</li>
 *   <li>a transient failure (connection lost, pool timeout, server shutting down, out of resources, serialization
 *       failure) that outlived Ballast's retries: 503 with {@code Retry-After: }{@value #DEFAULT_RETRY_AFTER_SECONDS};
 *       </li>
 *   <li>anything else: 500, details in the log only (under the correlation id that
 *       {@link #withCorrelationId} puts in the body).</li>
 * </ol>
 *
 * @param status the HTTP status
 * @param problem the body
 * @param retryAfterSeconds the {@code Retry-After} value, if any
 */
public record Failure(int status, Problem problem, OptionalLong retryAfterSeconds) {

    /** The problem title of a circuit-breaker rejection (clients tell fast failures apart by it). */
    public static final String CIRCUIT_OPEN_TITLE = "Service Unavailable: circuit open";
    /** The problem title of a commit whose outcome could not be verified. */
    public static final String COMMIT_UNKNOWN_TITLE = "Commit outcome unknown";
    /** The problem title of other transient database failures. */
    public static final String UNAVAILABLE_TITLE = "Service Unavailable";

    /** {@code Retry-After} for a transient failure that is not a circuit-breaker rejection, in seconds. */
    public static final long DEFAULT_RETRY_AFTER_SECONDS = 1;

    /**
     * @param error what a handler threw
     * @param path the request path, for {@code instance}
     * @return how to answer
     */
    public static Failure of(Throwable error, String path) {
        if (error instanceof ValidationException) {
            return new Failure(400, Problem.validation(((ValidationException) error).errors(), path),
                    OptionalLong.empty());
        }
        if (error instanceof ClientError) {
            ClientError client = (ClientError) error;
            return new Failure(client.status(), Problem.of(client.status(), client.title(), client.getMessage(), path),
                    OptionalLong.empty());
        }
        if (error instanceof CircuitOpenException) {
            Duration wait = ((CircuitOpenException) error).retryAfter();
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            return unavailable(CIRCUIT_OPEN_TITLE, "The database is unavailable and the circuit breaker is open: "
                    + "the request was rejected without touching it. Retry after " + seconds + " s.", path, seconds);
        }
        if (error instanceof CommitOutcomeUnknownException) {
            return new Failure(500, Problem.of(500, COMMIT_UNKNOWN_TITLE,
                    "The connection failed while the transaction was committing and its outcome could not be "
                    + "verified: the write may or may not have happened. Check before writing again.", path),
                    OptionalLong.empty());
        }
        if (error instanceof SQLException) {
            SQLException sql = (SQLException) error;
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            if (state.equals("23505")) {
                return new Failure(409, Problem.of(409, "Conflict", "A row with the same unique value exists.", path),
                        OptionalLong.empty());
            }
            if (state.equals("23503")) {
                return new Failure(400, Problem.validation(Map.of("reporterId",
                        List.of("No user has this id.")), path), OptionalLong.empty());
            }
            if (isTransient(sql)) {
                return unavailable(UNAVAILABLE_TITLE, "The database is unavailable (SQLSTATE "
                        + (state.isEmpty() ? "none" : state) + "); retry shortly.", path,
                        DEFAULT_RETRY_AFTER_SECONDS);
            }
        }
        return new Failure(500, Problem.of(500, "Internal Server Error",
                "The request failed; the service log has the details.", path), OptionalLong.empty());
    }

    /**
     * How to answer an exception that a framework may have wrapped (Spring's {@code DataAccessException} and
     * {@code TransactionException} carry the JDBC exception as their cause): the first exception in the cause chain
     * that has an answer of its own, else {@link #of} of the outermost (a 500).
     *
     * @param error what a handler threw
     * @param path the request path, for {@code instance}
     * @return how to answer
     */
    public static Failure find(Throwable error, String path) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            Failure failure = of(t, path);
            if (failure.status() != 500 || t instanceof CommitOutcomeUnknownException) {
                return failure;
            }
        }
        return of(error, path);
    }

    /**
     * @param id the correlation id the log line of this failure carries
     * @return this failure with a detail that names the id, for a 500
     */
    public Failure withCorrelationId(String id) {
        return new Failure(status, Problem.of(status, problem.title(), "The request failed; the service log has the "
                + "details under correlation id " + id + ".", problem.instance()), retryAfterSeconds);
    }

    private static Failure unavailable(String title, String detail, String path, long retryAfter) {
        return new Failure(503, Problem.of(503, title, detail, path), OptionalLong.of(retryAfter));
    }

    /**
     * Transient here means "worth retrying later": JDBC's transient and recoverable families, and the PostgreSQL
     * classes Ballast retries (08 connection, 53 resources, 57P0x shutdown, 40001/40P01, 58).
     */
    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.startsWith("58")
                || state.equals("40001") || state.equals("40P01");
    }
}
