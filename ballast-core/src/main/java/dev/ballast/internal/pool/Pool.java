package dev.ballast.internal.pool;

import dev.ballast.event.BallastListener;
import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.time.Clock;
import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolConfig;
import dev.ballast.pool.PoolStats;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.postgresql.core.BaseConnection;
import org.slf4j.LoggerFactory;

/**
 * The pool engine behind {@link BallastPool}. Borrowing: {@link #getConnection()} claims an idle connection from the
 * {@link Exchange} (lock-free, no allocation but the two-field handle) unless someone is already waiting; otherwise
 * the borrower queues as a {@link Waiter}, asks the {@link ConnectionCreator} for a connection, and parks until it is
 * handed one, the database is found unreachable, or the timeout passes. Returning: the returning thread resets the
 * connection ({@link ConnectionReset}) and offers it to the oldest waiter, or destroys it if it is broken, expired
 * or evicted. Housekeeping is the {@link Maintainer}'s. With pooling disabled there are no threads: each borrow
 * opens a connection on the caller's thread and each return closes it.
 *
 * <p>Thread-safe. Clock readings: one per borrow and one per return on the fast path.
 */
public final class Pool implements BallastPool {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(Pool.class);
    /** A connection idle longer than this is validated before it is handed out. */
    static final long ALIVE_BYPASS_NANOS = 500_000_000L;
    /** The outcome a waiter sees when the pool closes. */
    private static final Object CLOSED = new Object();

    final int queryTimeoutSeconds;
    private final PoolConfig config;
    private final String name;
    private final BallastListener listener;
    private final Clock clock;
    private final Predicate<SQLException> fatal;
    private final Connector connector;
    private final ConnectionReset reset;
    private final Exchange exchange;
    private final Capacity capacity;
    private final ConnectionCreator creator;
    private final Maintainer maintainer;
    private final Set<PoolEntry> unpooled;
    private final long timeoutNanos;
    private final long lifetimeNanos;
    private final long leakNanos;
    private final int validationSeconds;
    /** The state the fast path claims idle entries into (see {@link #handOut}). */
    private final int claimState;
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong destroyed = new AtomicLong();
    private final AtomicLong unpooledFailures = new AtomicLong();
    private volatile boolean closed;
    /** A thread blocked in {@code start} or {@code close}, woken when connections open or close. */
    private volatile Thread lifecycleWaiter;
    private volatile PrintWriter logWriter;

    private Pool(PoolConfig config, BallastListener listener, Clock clock) {
        this.config = config;
        this.name = config.poolName();
        this.listener = listener;
        this.clock = clock;
        this.fatal = config.fatalErrors();
        this.connector = new Connector(config, config.password());
        this.reset = new ConnectionReset(!config.noResetOnClose());
        this.queryTimeoutSeconds = Connector.seconds(config.commandTimeout());
        this.timeoutNanos = Durations.nanos(config.connectionTimeout());
        this.lifetimeNanos = Durations.nanos(config.connectionLifetime());
        this.leakNanos = Durations.nanos(config.leakDetectionThreshold());
        this.validationSeconds = Math.max(1, Connector.seconds(config.validationTimeout()));
        this.claimState = leakNanos > 0 ? PoolEntry.RESERVED : PoolEntry.IN_USE;
        if (config.enablePooling()) {
            this.exchange = new Exchange(config.maxPoolSize());
            this.capacity = new Capacity(config.maxPoolSize());
            this.creator = new ConnectionCreator(this, config, connector, capacity, clock, listener);
            this.maintainer = new Maintainer(this, config, exchange, capacity, creator, clock);
            this.unpooled = null;
        } else {
            this.exchange = null;
            this.capacity = null;
            this.creator = null;
            this.maintainer = null;
            this.unpooled = ConcurrentHashMap.newKeySet();
        }
    }

    /**
     * Starts a pool (see {@link BallastPool#start(PoolConfig, BallastListener)}).
     *
     * @param config the configuration
     * @param listener receives the pool's events; isolated so that a throwing listener cannot break the pool
     * @param clock the pool's only time source
     * @return the running pool
     */
    public static Pool start(PoolConfig config, BallastListener listener, Clock clock) {
        BallastListener isolated = listener instanceof ListenerSupport ? listener : new ListenerSupport(List.of(listener));
        Pool pool = new Pool(config, isolated, clock);
        pool.begin();
        return pool;
    }

    private void begin() {
        if (exchange == null) {
            LOG.info("Pool '{}' started without pooling: {}", name, config);
            return;
        }
        maintainer.start();
        creator.request();
        long deadline = clock.nanoTime() + timeoutNanos;
        lifecycleWaiter = Thread.currentThread();
        try {
            while (capacity.open() < config.minPoolSize()) {
                SQLException error = creator.lastError();
                long remaining = deadline - clock.nanoTime();
                if (error != null || remaining <= 0) {
                    LOG.warn("Pool '{}' started with {} of its {} minimum connections ({}); the maintainer keeps "
                            + "trying", name, capacity.open(), config.minPoolSize(),
                            error != null ? error.getMessage() : "timed out");
                    return;
                }
                LockSupport.parkNanos(this, remaining);
            }
        } finally {
            lifecycleWaiter = null;
        }
        LOG.info("Pool '{}' started: {}", name, config);
    }

    // ---------------------------------------------------------------------------------------------- borrowing

    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw closedError();
        }
        if (exchange == null) {
            return openUnpooled();
        }
        long start = clock.nanoTime();
        if (!exchange.hasWaiters()) {
            int hint = exchange.hint();
            PoolEntry e;
            while ((e = exchange.takeIdle(hint, claimState)) != null) {
                int usable = checkUsable(e, start);
                if (usable == USABLE) {
                    return handOut(e, start, start);
                }
                if (usable == USABLE_VALIDATED) {
                    return handOut(e, start, clock.nanoTime());
                }
            }
        }
        return borrowSlowly(start);
    }

    private static final int UNUSABLE = 0;
    private static final int USABLE = 1;
    private static final int USABLE_VALIDATED = 2;

    /** Checks an entry the caller owns before handing it out; destroys it if it is not fit. */
    private int checkUsable(PoolEntry e, long now) {
        if (e.generation != generation.get()) {
            destroy(e, ConnectionCloseReason.EVICTED);
            return UNUSABLE;
        }
        if (lifetimeNanos > 0 && now - e.expiresAt >= 0) {
            destroy(e, ConnectionCloseReason.LIFETIME);
            return UNUSABLE;
        }
        if (now - e.lastUsedAt > ALIVE_BYPASS_NANOS) {
            if (!validate(e)) {
                destroy(e, ConnectionCloseReason.VALIDATION_FAILED);
                return UNUSABLE;
            }
            return USABLE_VALIDATED;
        }
        return USABLE;
    }

    /**
     * Hands an entry the caller owns to the borrower. Without leak detection the fast path claims entries straight
     * into {@link PoolEntry#IN_USE}; with it, entries are claimed {@link PoolEntry#RESERVED} and published
     * {@code IN_USE} only after {@code borrowedAt} is written, so that the maintainer never times a borrow from a
     * stale start.
     */
    private Connection handOut(PoolEntry e, long start, long now) {
        e.borrowedAt = now;
        if (leakNanos > 0) {
            e.leakReported = false;
            e.borrowSite = new Throwable("Connection borrowed by thread " + Thread.currentThread().getName());
            e.releaseState(PoolEntry.IN_USE);
        } else if (e.state() != PoolEntry.IN_USE) {
            e.releaseState(PoolEntry.IN_USE);
        }
        ProxyConnection handle = new ProxyConnection(e);
        listener.connectionBorrowed(now - start);
        return handle;
    }

    private Connection borrowSlowly(long start) throws SQLException {
        long deadline = start + timeoutNanos;
        for (;;) {
            if (closed) {
                throw closedError();
            }
            SQLException down = creator.failFastCause(clock.nanoTime());
            if (down != null) { // the database was just found unreachable and nothing is idle: fail fast
                throw PoolErrors.unreachable(name, stats(), down);
            }
            long enqueuedAt = clock.nanoTime();
            Waiter w = new Waiter(Thread.currentThread());
            Object outcome;
            try {
                exchange.enqueue(w);
                if (closed && w.cancel()) { // queued after close() woke every waiter
                    throw closedError();
                }
                creator.request();
                outcome = await(w, deadline);
            } finally {
                exchange.leave(w);
            }
            if (outcome instanceof PoolEntry) {
                PoolEntry e = (PoolEntry) outcome;
                long now = clock.nanoTime();
                int usable = checkUsable(e, now);
                if (usable == USABLE) {
                    return handOut(e, start, now);
                }
                if (usable == USABLE_VALIDATED) {
                    return handOut(e, start, clock.nanoTime());
                }
                continue; // the connection handed over was dead: wait again within the same deadline
            }
            if (outcome == Waiter.CANCELLED) {
                long waited = clock.nanoTime() - start;
                timeouts.incrementAndGet();
                listener.borrowTimeout(waited);
                throw PoolErrors.timeout(name, Durations.millis(waited), stats(), creator.lastError());
            }
            if (outcome == CLOSED) {
                throw closedError();
            }
            ConnectFailure failure = (ConnectFailure) outcome;
            if (failure.at() - enqueuedAt < 0) {
                continue; // a failure from before this waiter queued, swept up by chance: look again
            }
            throw PoolErrors.unreachable(name, stats(), failure.cause());
        }
    }

    private Object await(Waiter w, long deadline) throws SQLException {
        for (;;) {
            Object outcome = w.result();
            if (outcome != null) {
                return outcome;
            }
            long remaining = deadline - clock.nanoTime();
            if (remaining <= 0) {
                if (w.cancel()) {
                    return Waiter.CANCELLED;
                }
                continue;
            }
            LockSupport.parkNanos(this, remaining);
            if (Thread.interrupted()) {
                if (w.cancel()) {
                    Thread.currentThread().interrupt();
                    throw PoolErrors.interrupted(name);
                }
                Thread.currentThread().interrupt(); // granted meanwhile: return the connection, keep the flag
            }
        }
    }

    private Connection openUnpooled() throws SQLException {
        long start = clock.nanoTime();
        listener.connectionOpening();
        Connection c;
        try {
            c = connector.connect();
        } catch (SQLException e) {
            unpooledFailures.incrementAndGet();
            listener.connectionFailed(clock.nanoTime() - start, e);
            throw e;
        }
        long now = clock.nanoTime();
        created.incrementAndGet();
        listener.connectionOpened(now - start);
        PoolEntry e = newEntry(c, now);
        unpooled.add(e);
        if (closed) {
            destroy(e, ConnectionCloseReason.SHUTDOWN);
            throw closedError();
        }
        return handOut(e, start, now);
    }

    // ---------------------------------------------------------------------------------------------- returning

    /** Takes back a connection whose handle was just closed; called once per borrow, on the returning thread. */
    void release(PoolEntry e) {
        SQLException resetError = e.broken ? null : reset.reset(e);
        long now = clock.nanoTime();
        listener.connectionReturned(now - e.borrowedAt);
        if (leakNanos > 0) {
            e.borrowSite = null;
            if (e.leakReported) {
                LOG.info("Pool '{}': the connection reported as a suspected leak was returned after {} ms", name,
                        Durations.millis(now - e.borrowedAt));
            }
        }
        ConnectionCloseReason retire = retireReason(e, now, resetError);
        if (retire != null) {
            destroy(e, retire);
            return;
        }
        e.lastUsedAt = now;
        exchange.offer(e);
    }

    private ConnectionCloseReason retireReason(PoolEntry e, long now, SQLException resetError) {
        if (exchange == null) {
            return ConnectionCloseReason.UNPOOLED;
        }
        if (closed) {
            return ConnectionCloseReason.SHUTDOWN;
        }
        if (e.broken || resetError != null) {
            if (resetError != null) {
                LOG.debug("Pool '{}': destroying a connection that could not be reset: {}", name,
                        resetError.getMessage());
            }
            return ConnectionCloseReason.EVICTED;
        }
        if (e.generation != generation.get()) {
            return ConnectionCloseReason.EVICTED;
        }
        if (lifetimeNanos > 0 && now - e.expiresAt >= 0) {
            return ConnectionCloseReason.LIFETIME;
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------- connections

    /** Registers a connection the creator just opened and hands it to the oldest waiter (or makes it idle). */
    void adopt(Connection c, long now, long openNanos) {
        PoolEntry e = newEntry(c, now);
        exchange.register(e);
        created.incrementAndGet();
        listener.connectionOpened(openNanos);
        if (closed) {
            destroy(e, ConnectionCloseReason.SHUTDOWN);
            return;
        }
        exchange.offer(e);
    }

    private PoolEntry newEntry(Connection c, long now) {
        BaseConnection pg = null;
        try {
            if (c.isWrapperFor(BaseConnection.class)) {
                pg = c.unwrap(BaseConnection.class);
            }
        } catch (SQLException | RuntimeException notPgjdbc) {
            LOG.trace("not a pgjdbc connection", notPgjdbc);
        }
        long expiresAt = Long.MAX_VALUE;
        if (lifetimeNanos > 0) {
            expiresAt = now + lifetimeNanos - (long) (lifetimeNanos * 0.1 * ThreadLocalRandom.current().nextDouble());
        }
        return new PoolEntry(this, c, pg, now, expiresAt, generation.get());
    }

    /** Closes a connection the caller owns and forgets it. Idempotent. */
    void destroy(PoolEntry e, ConnectionCloseReason reason) {
        if (!e.markRemoved()) {
            return;
        }
        if (exchange != null) {
            exchange.unregister(e);
            capacity.destroyed();
        } else {
            unpooled.remove(e);
        }
        destroyed.incrementAndGet();
        try {
            e.raw.close();
        } catch (SQLException | RuntimeException x) {
            LOG.debug("Pool '{}': closing a connection failed: {}", name, x.toString());
        }
        listener.connectionClosed(reason);
        wakeLifecycleWaiter();
        if (!closed && creator != null) {
            creator.request();
        }
    }

    boolean validate(PoolEntry e) {
        try {
            return e.raw.isValid(validationSeconds);
        } catch (SQLException | RuntimeException x) {
            return false;
        }
    }

    boolean isFatal(SQLException e) {
        try {
            return fatal.test(e);
        } catch (RuntimeException x) {
            LOG.warn("Pool '{}': the fatal-error rule threw; treating the error as not fatal", name, x);
            return false;
        }
    }

    void onFatalError(PoolEntry e, SQLException cause) {
        LOG.debug("Pool '{}': a connection raised a fatal error and will be destroyed on return: {} (SQLSTATE {})",
                name, cause.getMessage(), cause.getSQLState());
    }

    /** Called by the creator after a failed connect: with nothing idle, every waiter learns of it at once. */
    void onConnectFailure(SQLException cause, long at) {
        wakeLifecycleWaiter();
        if (exchange.idleCount() == 0) {
            exchange.failAll(new ConnectFailure(cause, at));
        }
    }

    void reportLeak(long heldNanos, long thresholdNanos, Throwable borrowSite) {
        listener.connectionLeakSuspected(heldNanos, borrowSite);
        LOG.warn("Pool '{}': connection leak suspected: a connection has been held for {} ms (threshold {} ms); "
                + "the borrower's stack follows", name, Durations.millis(heldNanos), Durations.millis(thresholdNanos),
                borrowSite);
    }

    String name() {
        return name;
    }

    int generation() {
        return generation.get();
    }

    int waiting() {
        return exchange.waiting();
    }

    // ---------------------------------------------------------------------------------------------- management

    @Override
    public PoolStats stats() {
        int total = 0;
        int idle = 0;
        int waiting = 0;
        int opening = 0;
        long failures = unpooledFailures.get();
        if (exchange != null) {
            for (int i = 0; i < exchange.capacity(); i++) {
                PoolEntry e = exchange.slot(i);
                if (e != null) {
                    int state = e.state();
                    if (state != PoolEntry.REMOVED) {
                        total++;
                        idle += state == PoolEntry.IDLE ? 1 : 0;
                    }
                }
            }
            waiting = exchange.waiting();
            opening = capacity.opening();
            failures += creator.failures();
        } else {
            total = unpooled.size();
        }
        return new PoolStats(total, idle, total - idle, waiting, config.maxPoolSize(), config.minPoolSize(),
                timeouts.get(), created.get(), destroyed.get(), failures, opening);
    }

    @Override
    public void evictAll() {
        int current = generation.incrementAndGet();
        if (exchange == null) {
            return;
        }
        for (int i = 0; i < exchange.capacity(); i++) {
            PoolEntry e = exchange.slot(i);
            if (e != null && e.generation != current && e.state() == PoolEntry.IDLE
                    && e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                destroy(e, ConnectionCloseReason.EVICTED);
            }
        }
        LOG.info("Pool '{}': evicted every connection (borrowed ones go when returned)", name);
        maintainer.wake();
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        new PoolShutdown(this, exchange, capacity, creator, maintainer, unpooled, clock,
                Durations.nanos(config.shutdownTimeout())).run();
    }

    /** Wakes a thread blocked in {@code start} or {@code close}, so that it re-checks the connection counts. */
    void wakeLifecycleWaiter() {
        LockSupport.unpark(lifecycleWaiter);
    }

    void setLifecycleWaiter(Thread t) {
        lifecycleWaiter = t;
    }

    static Object closedOutcome() {
        return CLOSED;
    }

    private SQLException closedError() {
        return PoolErrors.closed(name);
    }

    // ---------------------------------------------------------------------------------------------- DataSource

    /**
     * Not supported: the pool connects as its one configured user.
     *
     * @throws SQLFeatureNotSupportedException always
     */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Pool '" + name + "' connects as its configured user; "
                + "getConnection(username, password) is not supported (use one pool per user)");
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        connector.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return connector.loginTimeout();
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("dev.ballast.pool");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Pool '" + name + "' does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "BallastPool[" + name + ", " + stats() + "]";
    }
}
