package dev.ballast.internal.pool;

import dev.ballast.event.BallastListener;
import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.event.PoolTuning;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.tuning.ConcurrencyLimit;
import dev.ballast.internal.tuning.TuningSettings;
import dev.ballast.internal.time.Clock;
import dev.ballast.internal.time.CoarseClock;
import dev.ballast.pool.PoolConfig;
import dev.ballast.pool.PoolStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool engine behind {@link dev.ballast.pool.BallastPool}: owns the parts and their life cycle. Borrowing and
 * returning are the {@link Checkout}'s; where connections wait, the {@link Exchange}; opening them, the
 * {@link ConnectionCreator}'s; housekeeping, the {@link Maintainer}'s; shutdown, {@link PoolShutdown}. This class
 * starts them, creates and destroys {@link PoolEntry entries}, counts, and answers {@link #stats()}. With pooling
 * disabled there are no threads: each borrow opens a connection on the caller's thread and each return closes it.
 *
 * <p>Thread-safe. The facade creates pools through {@link #start(PoolConfig, BallastListener, Clock)}.
 */
public final class Pool extends PoolDataSource {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);
    /** The outcome a waiter sees when the pool closes. */
    private static final Object CLOSED = new Object();
    private static final VarHandle CLOSED_FLAG;

    static {
        try {
            CLOSED_FLAG = MethodHandles.lookup().findVarHandle(Pool.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int queryTimeoutSeconds;
    private final PoolConfig config;
    private final String name;
    private final BallastListener listener;
    private final Clock clock;
    /**
     * The shared coarse system clock the borrow and return fast paths read, held while the pool is open; {@code null}
     * with pooling disabled, or with a test's clock (read directly, so that moving it forward is seen at once).
     */
    private final CoarseClock coarse;
    private final Predicate<SQLException> fatal;
    private final Connector connector;
    /** Behind a transaction-mode PgBouncer the session-only SQL check, else {@code null}: one null check per call. */
    final SessionOnlySql sessionOnlySql;
    private final Checkout checkout;
    private final Exchange exchange;
    private final Capacity capacity;
    private final ConnectionCreator creator;
    private final Maintainer maintainer;
    /** The automatic sizing (EnablePoolAutoTuning), or {@code null}: off costs one null check per return. */
    private final ConcurrencyLimit tuner;
    private final Set<PoolEntry> unpooled;
    private final long timeoutNanos;
    /** Decides whether a connection is retired: on borrow, on return, in the idle scan and in evictAll. */
    final Retirement retirement;
    private final long validationNanos;
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong destroyed = new AtomicLong();
    private final AtomicLong unpooledFailures = new AtomicLong();
    /** With pooling disabled: one permit per physical connection that may be open, MaxPoolSize in all. */
    private final Semaphore unpooledPermits;
    private volatile boolean closed;
    private final CountDownLatch shutdownDone = new CountDownLatch(1);
    /** A thread blocked in {@code start} or {@code close}, woken when connections open or close. */
    private volatile Thread lifecycleWaiter;

    private Pool(PoolConfig config, BallastListener listener, Clock clock) {
        this(config, listener, clock, new Connector(config, config.password()));
    }

    private Pool(PoolConfig config, BallastListener listener, Clock clock, Connector connector) {
        super(config.poolName(), connector);
        this.config = config;
        this.name = config.poolName();
        this.listener = listener;
        this.clock = clock;
        this.coarse = config.enablePooling() && clock == Clock.system() ? CoarseClock.system() : null;
        this.fatal = config.fatalErrors();
        this.connector = connector;
        this.sessionOnlySql = config.pgBouncerPoolMode() == dev.ballast.pool.PgBouncerPoolMode.TRANSACTION
                ? new SessionOnlySql(config.poolName(), LOG::warn) : null;
        this.queryTimeoutSeconds = Connector.seconds(config.commandTimeout());
        this.timeoutNanos = Durations.nanos(config.connectionTimeout());
        this.retirement = new Retirement(Durations.nanos(config.connectionLifetime()),
                Durations.nanos(config.connectionIdleLifetime()));
        this.validationNanos = Durations.nanos(config.validationTimeout());
        if (config.enablePooling()) {
            this.exchange = new Exchange(config.maxPoolSize(), Durations.nanos(config.fairnessThreshold()));
            this.capacity = new Capacity(config.maxPoolSize());
            this.creator = new ConnectionCreator(this, config, connector, capacity, clock, listener);
            this.maintainer = new Maintainer(this, config, exchange, capacity, creator, clock);
            this.unpooled = null;
            this.unpooledPermits = null;
            // MinPoolSize = MaxPoolSize: a fixed size, nothing to tune and nothing to measure
            this.tuner = config.enablePoolAutoTuning() && Math.max(1, config.minPoolSize()) < config.maxPoolSize()
                    ? startTuning(config, clock) : null;
            this.checkout = new Checkout(this, config, exchange, creator, clock, coarse != null ? coarse : clock,
                    listener);
        } else {
            this.exchange = null;
            this.capacity = null;
            this.creator = null;
            this.maintainer = null;
            this.unpooled = ConcurrentHashMap.newKeySet();
            this.unpooledPermits = new Semaphore(config.maxPoolSize(), true);
            this.tuner = null;
            this.checkout = new Checkout(this, config, null, null, clock, clock, listener);
        }
    }

    private ConcurrencyLimit startTuning(PoolConfig config, Clock clock) {
        ConcurrencyLimit limit = new ConcurrencyLimit(
                TuningSettings.defaults(config.minPoolSize(), config.maxPoolSize()), clock.nanoTime(), this::tuned);
        capacity.limit(limit.limit());
        exchange.limit(limit.limit(), clock.nanoTime());
        return limit;
    }

    /**
     * A tuning decision. Borrowers use only as many connections as the limit: after a fall, connections above it park
     * when they come back (open, idle, handed to no one; the maintainer closes them after
     * {@link Maintainer#PARKED_NANOS}); after a rise, parked connections serve first and the creator opens the rest.
     * Called by the tuner, one decision at a time (package-private for tests that drive the limit themselves).
     */
    void tuned(PoolTuning decision) {
        capacity.limit(decision.limit());
        exchange.limit(decision.limit(), clock.nanoTime());
        listener.poolLimitTuned(decision);
        if (decision.limit() > decision.previousLimit() && !closed) {
            creator.request();
        }
    }

    /** @return the automatic sizing, or {@code null} with EnablePoolAutoTuning off or a fixed-size pool */
    ConcurrencyLimit tuner() {
        return tuner;
    }

    /**
     * A waiting borrower saw no connection come back for the tuner's stall time. If every connection the limit allows
     * is open (so none is still being opened) and the limit is below MaxPoolSize, the application holds them all and
     * wants more: the limit rises at once to MaxPoolSize ({@link ConcurrencyLimit#onStall}).
     */
    void stalled(long now) {
        int limit = exchange.limit();
        if (!closed && limit < exchange.capacity() && capacity.full()) {
            tuner.onStall(now);
        }
    }

    /** @return whether every connection the pool may hold is open (for telling saturation from a failing connect) */
    boolean saturated() {
        return capacity != null && capacity.full();
    }

    /**
     * Starts a pool (see {@link BallastPool#start(PoolConfig, BallastListener)}).
     *
     * @param config the configuration
     * @param listener receives the pool's events; isolated so that a throwing listener cannot break the pool
     * @param clock the pool's only time source
     * @return the running pool
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if no driver accepts the URL
     */
    public static Pool start(PoolConfig config, BallastListener listener, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
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
        if (coarse != null) {
            coarse.acquire();
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
                if (Thread.currentThread().isInterrupted()) {
                    LOG.warn("Pool '{}': interrupted while opening its minimum connections; continuing in the "
                            + "background", name);
                    return;
                }
            }
        } finally {
            lifecycleWaiter = null;
        }
        LOG.info("Pool '{}' started: {}", name, config);
    }

    @Override
    public Connection getConnection() throws SQLException {
        // the handle is allocated here, in a method small enough to be inlined into the caller, and not deep in the
        // borrow path: where the caller uses and closes it in one method, the JIT's escape analysis then removes the
        // allocation also when the borrow path has grown too large to be inlined (a queueing borrow compiles in)
        return new ProxyConnection(checkout.borrow());
    }

    /** Takes back a connection whose handle was just closed (see {@link Checkout#release}). */
    void release(PoolEntry e) {
        checkout.release(e);
    }

    /**
     * With pooling disabled: waits, in arrival order, until fewer than MaxPoolSize physical connections are open.
     *
     * @param nanos the longest wait
     * @return true if the caller may open one (it must then call {@link #openUnpooled}); false after {@code nanos}
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitUnpooledPermit(long nanos) throws InterruptedException {
        return unpooledPermits.tryAcquire(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * With pooling disabled: opens a physical connection on the caller's thread and registers it. The caller holds a
     * permit ({@link #awaitUnpooledPermit}); it goes back when the connection is closed, or now if opening fails.
     */
    PoolEntry openUnpooled(long start) throws SQLException {
        listener.connectionOpening();
        Connection c;
        try {
            c = connector.connect();
        } catch (SQLException | RuntimeException e) {
            unpooledPermits.release();
            if (!(e instanceof SQLException)) {
                throw (RuntimeException) e;
            }
            unpooledFailures.incrementAndGet();
            listener.connectionFailed(clock.nanoTime() - start, (SQLException) e);
            throw (SQLException) e;
        }
        long now = clock.nanoTime();
        created.incrementAndGet();
        listener.connectionOpened(now - start);
        PoolEntry e = newEntry(c, now);
        unpooled.add(e);
        if (closed) {
            destroy(e, ConnectionCloseReason.SHUTDOWN);
            throw PoolErrors.closed(name);
        }
        return e;
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
        exchange.offerNew(e);
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
        return new PoolEntry(this, c, pg, now, retirement.expiresAt(now), generation.get());
    }

    /** Closes a connection the caller owns and forgets it. Idempotent. */
    void destroy(PoolEntry e, ConnectionCloseReason reason) {
        if (!e.markRemoved()) {
            return;
        }
        if (exchange != null) {
            exchange.unregister(e);
            capacity.destroyed();
            if (!closed && e.slot < exchange.limit()) {
                exchange.relocateParked(clock.nanoTime()); // a parked connection takes the usable slot just freed
            }
            SQLException down = creator.lastError();
            if (down != null && !closed) { // the last connection that could come back is gone, and connects fail
                failWaitersIfNothingCanComeBack(down, clock.nanoTime());
            }
        } else {
            unpooled.remove(e);
        }
        destroyed.incrementAndGet();
        try {
            e.raw.close();
        } catch (SQLException | RuntimeException x) {
            LOG.debug("Pool '{}': closing a connection failed: {}", name, x.toString());
        } finally {
            if (unpooledPermits != null) {
                unpooledPermits.release(); // after the close: never more than MaxPoolSize open at once
            }
        }
        listener.connectionClosed(reason);
        wakeLifecycleWaiter();
        if (!closed && creator != null) {
            creator.request();
        }
    }

    /** Validates a connection the caller owns within the validation timeout (the maintainer's keepalive). */
    boolean validate(PoolEntry e) {
        return validate(e, validationNanos);
    }

    /**
     * Validates a connection the caller owns within the validation timeout or {@code budgetNanos}, whichever is
     * shorter, so that a borrower's validation never outlasts its deadline. A pgjdbc connection is bounded to the
     * millisecond (its network timeout, restored afterwards, bounds the round trip of {@code isValid(0)}); another
     * driver's to whole seconds, the unit of {@link Connection#isValid(int)}.
     *
     * @return whether the connection answered in time
     */
    boolean validate(PoolEntry e, long budgetNanos) {
        long bound = Math.max(1, Math.min(validationNanos, budgetNanos));
        try {
            if (e.pg == null) {
                return e.raw.isValid((int) Math.max(1, (bound + 999_999_999L) / 1_000_000_000L));
            }
            int saved = e.raw.getNetworkTimeout();
            e.raw.setNetworkTimeout(null, (int) Math.min(Integer.MAX_VALUE, Math.max(1, bound / 1_000_000L)));
            boolean valid = e.raw.isValid(0); // 0: pgjdbc keeps the network timeout just set
            e.raw.setNetworkTimeout(null, saved);
            return valid;
        } catch (SQLException | RuntimeException x) {
            return false; // the connection is destroyed: a network timeout left set does not matter
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

    /**
     * Behind a transaction-mode PgBouncer: reports, once per kind, SQL that needs a server session of its own.
     * pgjdbc's prepared statements print their SQL text; nothing is done in any other mode.
     *
     * @param s a statement just prepared by a borrower
     */
    void checkSessionOnlySql(java.sql.PreparedStatement s) {
        if (sessionOnlySql != null) {
            sessionOnlySql.check(s.toString());
        }
    }

    void onFatalError(PoolEntry e, SQLException cause) {
        if (BouncerSymptoms.isNamedStatementMismatch(cause.getSQLState(), cause.getMessage())
                && connector.useUnnamedStatements()) {
            LOG.warn("Pool '{}': prepared statement missing on the server session (SQLSTATE {}): a transaction-mode "
                    + "PgBouncer is in front of the server. Switched to unnamed statements and retiring the open "
                    + "connections; set PgBouncerPoolMode=Transaction to start this way.", name, cause.getSQLState());
            evictAll();
        }
        LOG.debug("Pool '{}': a connection raised a fatal error and will be destroyed on return: {} (SQLSTATE {})",
                name, cause.getMessage(), cause.getSQLState());
    }

    /**
     * Called by the creator after a failed connect. A full server is not a dead server: while any connection is open
     * (borrowed ones come back), waiters keep their place; only when none is open does every waiter learn of the
     * failure at once.
     */
    void onConnectFailure(SQLException cause, long at) {
        if (tuner != null && "53300".equals(cause.getSQLState())) {
            tuner.onServerFull(at);
        }
        wakeLifecycleWaiter();
        failWaitersIfNothingCanComeBack(cause, at);
    }

    private void failWaitersIfNothingCanComeBack(SQLException cause, long at) {
        if (capacity.open() == 0) {
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

    /**
     * @return how many waiters no idle connection covers, for the creator: below the fairness threshold a returned
     *     connection sits idle for a moment while the waiter it woke comes to take it, and opening another one for
     *     that waiter would overshoot
     */
    int waiting() {
        int waiting = exchange.waiting();
        return waiting == 0 ? 0 : Math.max(0, waiting - exchange.idleCount());
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
                checkout.timeouts(), created.get(), destroyed.get(), failures, opening);
    }

    @Override
    public void evictAll() {
        int current = generation.incrementAndGet();
        if (exchange == null) {
            return;
        }
        long now = clock.nanoTime();
        for (int i = 0; i < exchange.capacity(); i++) {
            PoolEntry e = exchange.slot(i);
            if (e == null || e.state() != PoolEntry.IDLE) {
                continue;
            }
            ConnectionCloseReason retire = retirement.reason(e, now, current, 0); // an entry's generation never changes
            if (retire != null && e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                destroy(e, retire);
            }
        }
        LOG.info("Pool '{}': evicted every connection (borrowed ones go when returned)", name);
        maintainer.wake();
    }

    /**
     * @param connection a connection handle
     * @return whether this pool handed it out (it may be closed since)
     */
    public boolean handedOut(Connection connection) {
        return connection instanceof ConnectionWrapper w && w.entry.pool == this;
    }

    /**
     * Evicts every connection and aborts the borrowed ones at once: their borrowers' statements fail with an I/O error
     * instead of hanging until a socket timeout. For a server known to be gone or cut off (the topology monitor calls
     * it when a host goes down); the aborted connections are destroyed when returned.
     */
    public void abortAll() {
        evictAll();
        List<PoolEntry> borrowed = new ArrayList<>();
        if (exchange != null) {
            for (int i = 0; i < exchange.capacity(); i++) {
                PoolEntry e = exchange.slot(i);
                if (e != null && e.state() == PoolEntry.IN_USE) {
                    borrowed.add(e);
                }
            }
        } else {
            borrowed.addAll(unpooled);
        }
        for (PoolEntry e : borrowed) {
            try {
                e.raw.abort(Runnable::run);
            } catch (SQLException | RuntimeException x) {
                LOG.debug("Pool '{}': aborting a borrowed connection failed", name, x);
            }
        }
        if (!borrowed.isEmpty()) {
            LOG.warn("Pool '{}': aborted {} borrowed connection(s) to a server that is gone", name, borrowed.size());
        }
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
        if (!CLOSED_FLAG.compareAndSet(this, false, true)) {
            awaitShutdown(); // another thread is closing: return when it is done, as documented
            return;
        }
        try {
            new PoolShutdown(this, exchange, capacity, creator, maintainer, unpooled, clock,
                    Durations.nanos(config.shutdownTimeout())).run();
        } finally {
            if (coarse != null) {
                coarse.release();
            }
            shutdownDone.countDown();
        }
    }

    private void awaitShutdown() {
        try {
            shutdownDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    @Override
    public String toString() {
        return "BallastPool[" + name + ", " + stats() + "]";
    }
}
