package dev.ballast.postgres;

import static dev.ballast.postgres.FailureClass.COMMIT_UNKNOWN;
import static dev.ballast.postgres.FailureClass.CONNECTION_LOST;
import static dev.ballast.postgres.FailureClass.CONNECTION_UNUSABLE;
import static dev.ballast.postgres.FailureClass.CONTENTION;
import static dev.ballast.postgres.FailureClass.PERMANENT;
import static dev.ballast.postgres.FailureClass.READ_ONLY_TRANSACTION;
import static dev.ballast.postgres.FailureClass.SESSION_TERMINATED;
import static dev.ballast.postgres.FailureClass.TRANSIENT;

import dev.ballast.internal.pool.BouncerSymptoms;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one SQLSTATE table. Each row says what a PostgreSQL error code means for retry, breaker counting and
 * eviction, and why. A code that is not listed is {@link FailureClass#PERMANENT}, except that any other code of
 * class 08 (connection exception) is {@link FailureClass#CONNECTION_LOST}.
 */
final class SqlStateTable {

    private static final Map<String, FailureClass> ROWS = new HashMap<>(64);
    /** Rows for one SQLSTATE that PgBouncer 1.x raises for many reasons, told apart by the message's start. */
    private static final Map<String, FailureClass> PGBOUNCER_08P01 = new LinkedHashMap<>();

    static {
        // ---- Class 08: connection exception. The connection is gone or unusable; a fresh one may work.
        row("08000", CONNECTION_LOST);  // connection_exception: generic; nothing sent can be trusted to have arrived
        row("08003", CONNECTION_LOST);  // connection_does_not_exist: pgjdbc "This connection has been closed."
        row("08006", CONNECTION_LOST);  // connection_failure: pgjdbc's I/O error (reset, socket timeout, EOF)
        row("08001", CONNECTION_LOST);  // sqlclient_unable_to_establish_sqlconnection: refused / unreachable host
        row("08004", CONNECTION_LOST);  // sqlserver_rejected_establishment_of_sqlconnection: e.g. server starting
        row("08P01", CONNECTION_LOST);  // protocol_violation: the stream is out of sync, the session is lost
        // transaction_resolution_unknown: a commit may or may not have happened. Replaying could write twice, so it
        // is never retried (CommitOutcomeUnknownException carries it); it counts, as the connection died.
        row("08007", COMMIT_UNKNOWN);

        // ---- Class 40: transaction rollback. The server rolled back so that the whole transaction can be replayed.
        row("40001", CONTENTION);       // serialization_failure: the documented answer is "retry the transaction"
        row("40P01", CONTENTION);       // deadlock_detected: one victim was rolled back; the replay usually wins
        // statement_completion_unknown: like 08007 the effect is unknown; a blind replay could duplicate it.
        row("40003", PERMANENT);

        // ---- Class 53: insufficient resources. The server is healthy but full; waiting helps, the session is fine.
        row("53000", TRANSIENT);        // insufficient_resources
        row("53100", TRANSIENT);        // disk_full: may clear when WAL is archived / space freed
        row("53200", TRANSIENT);        // out_of_memory: usually caused by concurrent load
        row("53300", TRANSIENT);        // too_many_connections: a slot frees when another client leaves
        row("53400", TRANSIENT);        // configuration_limit_exceeded: e.g. max_locks_per_transaction under load

        // ---- Class 57: operator intervention.
        // The server ended this session; a new one may well work. Not counted by the breaker (see SESSION_TERMINATED):
        row("57P01", SESSION_TERMINATED); // admin_shutdown: pg_terminate_backend, or a fast shutdown
        row("57P02", SESSION_TERMINATED); // crash_shutdown: another backend crashed; the server restarts
        row("57P05", SESSION_TERMINATED); // idle_session_timeout (PG 14+): the idle session was closed
        row("57P03", CONNECTION_LOST);  // cannot_connect_now: starting up, shutting down or in recovery: counted
        row("57P04", CONNECTION_UNUSABLE); // database_dropped: the session's database is gone; retrying cannot help
        // query_canceled: statement_timeout or an explicit cancel. The caller's own bound: replaying it would
        // multiply the timeout, and a cancelled async call must stay cancelled.
        row("57014", PERMANENT);

        // ---- Class 58: system error (errors external to PostgreSQL itself).
        row("58000", TRANSIENT);        // system_error: e.g. fork failure under load
        row("58030", TRANSIENT);        // io_error: a failed read/write on the server; the session survives

        // ---- Class 25: invalid transaction state.
        // read_only_sql_transaction: by itself the caller's own read-only transaction (a bug: thrown once, never
        // counted, the connection kept). Where the engine holds the connection it asks the server; a server that is
        // read-only (in recovery, or default_transaction_read_only on) makes it READ_ONLY_SERVER: a failover.
        row("25006", READ_ONLY_TRANSACTION);
        // idle_in_transaction_session_timeout: the server closed the session because the caller's transaction sat
        // idle too long. The session is gone; replaying the same slow code would likely time out again.
        row("25P03", CONNECTION_UNUSABLE);

        // ---- Class 55: object not in prerequisite state.
        row("55P03", PERMANENT);        // lock_not_available: NOWAIT / lock_timeout: the caller asked not to wait

        // ---- Class XX: internal error.
        // internal_error: a "can't happen" path in the backend (e.g. "cache lookup failed" after concurrent DDL).
        // Replaying a deterministic internal error repeats it, so it is not retried; but the backend's caches may
        // be stale, and a fresh session is cheap insurance, so the connection is evicted.
        row("XX000", CONNECTION_UNUSABLE);
        row("XX001", PERMANENT);        // data_corrupted: not a session problem; a new connection reads the same page
        row("XX002", PERMANENT);        // index_corrupted: likewise

        // ---- Configuration errors: retrying cannot fix them, and they must surface at once.
        row("28000", PERMANENT);        // invalid_authorization_specification (e.g. no pg_hba.conf entry)
        row("28P01", PERMANENT);        // invalid_password
        row("3D000", PERMANENT);        // invalid_catalog_name: the database does not exist

        // ---- Ballast's own pool. timeout expired: a borrow waited the whole connection timeout while every
        // connection was busy on a healthy database (saturation). Not a database failure, so never counted; a retry
        // would wait the whole timeout again and add to the load, so it is not retried either.
        row("HYT00", PERMANENT);

        // ---- Listed for documentation: common errors thrown at once, never retried.
        row("23505", PERMANENT);        // unique_violation: the data says no; a replay says no again
        row("23503", PERMANENT);        // foreign_key_violation
        row("23502", PERMANENT);        // not_null_violation
        row("23514", PERMANENT);        // check_violation
        row("42601", PERMANENT);        // syntax_error
        row("42P01", PERMANENT);        // undefined_table
        row("25P02", PERMANENT);        // in_failed_sql_transaction: the caller's code ignored an earlier error

        // ---- PgBouncer (1.18, Debian bookworm) reports nearly all of its own errors as 08P01 with a message, and
        // closes the client connection after it. The 08P01 row above (retry, count, evict) fits most of them; these
        // messages differ. Any other PgBouncer message keeps the 08P01 row, which is safe: the connection is gone.
        // - "query_wait_timeout": the query waited for a server connection and never ran; the client was dropped.
        //   Nothing reached the server, so a replay on a fresh connection is safe: the 08P01 row (CONNECTION_LOST).
        // - "pgbouncer cannot connect to server", "server login has been failing, try again later
        //   (server_login_retry)", "server conn crashed?", "server shutting down": the server side is away; as
        //   a refused connection (08001), retried and counted: the 08P01 row.
        // - no more connections allowed (max_client_conn): the bouncer is full, not dead, like 53300.
        bouncerRow("no more connections allowed", TRANSIENT);
        // - unsupported startup parameter: a driver property (e.g. pgjdbc "options") the bouncer does not forward;
        //   fixed by configuration (ignore_startup_parameters), never by retrying. Thrown at once, like 28000.
        bouncerRow("unsupported startup parameter", PERMANENT);
        // - no such database / no such user: a name the bouncer does not know; like 3D000 / 28000.
        bouncerRow("no such database", PERMANENT);
        bouncerRow("no such user", PERMANENT);
        // - idle transaction timeout (idle_transaction_timeout): the caller's transaction sat idle too long; as
        //   25P03, the session is gone and replaying the same slow code would likely time out again.
        bouncerRow("idle transaction timeout", CONNECTION_UNUSABLE);
    }

    private static void bouncerRow(String messageStart, FailureClass failureClass) {
        if (PGBOUNCER_08P01.put(messageStart, failureClass) != null) {
            throw new AssertionError("duplicate PgBouncer row " + messageStart);
        }
    }

    /**
     * @param sqlState a five-character SQLSTATE, not null
     * @param message the error's message, may be null
     * @return what the table says about it, PgBouncer's own 08P01 messages told apart
     */
    static FailureClass lookup(String sqlState, String message) {
        // 26000 / 42P05 on a statement pgjdbc named (S_1, ...): the server session changed under the connection, as
        // behind a transaction-mode PgBouncer. Nothing ran, so a replay on a fresh connection is safe; the pool
        // switches to unnamed statements when it sees this. Not a database failure: not counted. Any other 26000 /
        // 42P05 (the application's own PREPARE names) is a caller's bug: the table's default, thrown at once.
        if (BouncerSymptoms.isNamedStatementMismatch(sqlState, message)) {
            return SESSION_TERMINATED;
        }
        // PgBouncer refusing the client's password says 08P01 where PostgreSQL says 28P01: the credentials row, thrown
        // at once, never counted (a replay with the same password fails the same way).
        if (BouncerSymptoms.isAuthenticationFailure(sqlState, message)) {
            return lookup("28P01");
        }
        if (message != null && "08P01".equals(sqlState)) {
            String text = message.replaceFirst("^(ERROR|FATAL): ", ""); // pgjdbc puts the severity first
            for (Map.Entry<String, FailureClass> row : PGBOUNCER_08P01.entrySet()) {
                if (text.startsWith(row.getKey())) {
                    return row.getValue();
                }
            }
        }
        return lookup(sqlState);
    }

    private SqlStateTable() {}

    private static void row(String sqlState, FailureClass failureClass) {
        if (ROWS.put(sqlState, failureClass) != null) {
            throw new AssertionError("duplicate SQLSTATE row " + sqlState);
        }
    }

    /**
     * @param sqlState a five-character SQLSTATE, not null
     * @return what the table says about it
     */
    static FailureClass lookup(String sqlState) {
        FailureClass row = ROWS.get(sqlState);
        if (row != null) {
            return row;
        }
        return sqlState.startsWith("08") ? CONNECTION_LOST : PERMANENT;
    }

    /** @return every listed code and its class, for documentation and tests */
    static Map<String, FailureClass> rows() {
        return Map.copyOf(ROWS);
    }
}
