package dev.ballast.pool;

import dev.ballast.event.BallastListener;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.pool.Pool;
import dev.ballast.internal.time.Clock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * A pooled {@link DataSource} over PostgreSQL (pgjdbc) with Npgsql's pool semantics: a drop-in for any JDBC user
 * (Spring {@code JdbcTemplate}, jOOQ, JDBI, Hibernate, Flyway).
 *
 * <ul>
 *   <li>{@link #getConnection()} claims an idle connection without taking a lock or allocating more than the
 *       returned handle; when none is idle the caller queues, and waiters are served strictly first come, first
 *       served: a returned connection goes to the oldest waiter, never to a newcomer. A connection idle for more than
 *       half a second is validated before it is handed out, within what is left of the connection timeout: no borrow,
 *       validations included, takes longer than {@link PoolConfig#connectionTimeout()}. (Unless a listener times how
 *       long connections are held, the fast path reads no clock: idle time comes from a shared clock that a daemon
 *       thread, {@code ballast-clock}, refreshes every 100 ms while any pool is open, so "half a second" means always
 *       after 0.6 s and never before 0.4 s.)</li>
 *   <li>Physical connections are opened on at most {@link PoolConfig#maxConcurrentConnects()} background threads
 *       (a borrower never opens one itself, so a slow connect never blocks other borrowers), never while holding a
 *       lock, and never past {@link PoolConfig#maxPoolSize()}. After a failed attempt the pool
 *       backs off exponentially; while it does and no connection is open, a borrower fails at once with the connect
 *       error as cause and its SQLSTATE, instead of waiting out the connection timeout. While connections are open
 *       (a full server refusing one more: 53300, a role's connection limit) borrowers keep their place in line for
 *       the borrowed connections to come back.</li>
 *   <li>{@code close()} on a borrowed connection returns it: open statements are closed, an open transaction rolled
 *       back, and changed JDBC state (autoCommit, isolation, readOnly, catalog, schema, network timeout, client info,
 *       type map, holdability) restored. A connection that raised a fatal error is destroyed instead. Every statement
 *       gets {@link PoolConfig#commandTimeout()} as its query timeout unless the caller sets its own.</li>
 *   <li>A background maintainer thread keeps {@link PoolConfig#minPoolSize()} connections open, retires connections
 *       past their lifetime or idle lifetime, validates long-idle ones and reports suspected leaks.</li>
 * </ul>
 *
 * <p>{@link #getConnection(String, String)} is not supported (the pool connects as one configured user) and throws
 * {@link java.sql.SQLFeatureNotSupportedException}. {@link #setLoginTimeout(int)} sets the driver's login timeout
 * for connections opened afterwards; the log writer is kept but unused (Ballast logs through SLF4J).
 *
 * <p><b>Thread-safety:</b> all methods are thread-safe; connections handed out are, like any JDBC connection, for one
 * thread at a time. Safe for virtual threads: no {@code synchronized}, no {@code ThreadLocal}, waiting parks.
 */
public interface BallastPool extends DataSource, AutoCloseable {

    /**
     * The SQLSTATE of the {@link SQLTransientConnectionException} a borrow throws after waiting the whole connection
     * timeout while every connection was open and busy on a healthy database (saturation): {@value}, "timeout
     * expired". It is not a database failure: Ballast's SQLSTATE table neither retries it (a retry would wait the
     * whole timeout again) nor counts it for the circuit breaker. A borrow that timed out while connections could
     * not be opened carries the connect error's own SQLSTATE instead (08001 when there was none).
     */
    String SATURATED_SQL_STATE = "HYT00";

    /**
     * Starts a pool and opens {@link PoolConfig#minPoolSize()} connections, waiting up to the connection timeout for
     * them. If the database cannot be reached the pool still starts (logging a warning) and keeps trying in the
     * background.
     *
     * @param config the configuration
     * @return the running pool
     * @throws IllegalStateException if no driver accepts the URL
     */
    static BallastPool start(PoolConfig config) {
        return Pool.start(config, ListenerSupport.none(), Clock.system());
    }

    /**
     * Starts a pool that reports its events to {@code listener}, as {@link #start(PoolConfig)}.
     *
     * @param config the configuration
     * @param listener receives every pool event (see {@link BallastListener} for its threading rules)
     * @return the running pool
     * @throws NullPointerException if {@code config} or {@code listener} is null
     * @throws IllegalStateException if no driver accepts the URL
     */
    static BallastPool start(PoolConfig config, BallastListener listener) {
        return Pool.start(config, listener, Clock.system());
    }

    /**
     * Borrows a connection, waiting up to the connection timeout.
     *
     * @return a pooled connection; {@code close()} returns it to the pool
     * @throws SQLTransientConnectionException if none became available in time (the message gives the pool state;
     *     the cause is the last connect error, if any; the SQLSTATE is {@link #SATURATED_SQL_STATE} when every
     *     connection was busy, else the connect error's), or the database refused a connection and none can come
     *     back to this borrower (failing fast, with the connect error's SQLSTATE, e.g. 08001 or 53300)
     * @throws java.sql.SQLInvalidAuthorizationSpecException if the database refused the credentials (SQLSTATE 28P01
     *     or 28000) and no connection can come back to this borrower
     * @throws java.sql.SQLNonTransientConnectionException if the pool is closed (08003), or the database refused a
     *     connection for a reason a retry cannot fix (e.g. 3D000: no such database) and none can come back
     * @throws SQLException if the waiting thread was interrupted (its interrupt status is kept)
     */
    @Override
    Connection getConnection() throws SQLException;

    /** @return a snapshot of the pool's gauges and counters; cheap, never blocks */
    PoolStats stats();

    /**
     * Retires every connection: idle ones are closed now, borrowed ones when they are returned. The maintainer then
     * reopens up to the minimum. Use after a failover or a credentials rotation.
     */
    void evictAll();

    /** @return the configuration the pool runs with */
    PoolConfig config();

    /** @return whether {@link #close()} has been called */
    boolean isClosed();

    /**
     * Shuts the pool down: new borrows fail at once, waiters are woken with an error, idle connections are closed,
     * borrowed ones are closed when returned or, after {@link PoolConfig#shutdownTimeout()}, closed anyway; finally
     * every pool thread is stopped. Idempotent; blocks until done.
     */
    @Override
    void close();
}
