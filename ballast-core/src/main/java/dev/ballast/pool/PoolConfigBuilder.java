package dev.ballast.pool;

import dev.ballast.internal.config.OptionKey;
import dev.ballast.internal.pool.DefaultFatalErrors;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Builds a {@link PoolConfig}. Each setter rejects a bad value at once with an {@link IllegalArgumentException}
 * naming the setting and the value; nothing is corrected silently. {@link #build()} checks the settings against each
 * other (for example {@code minPoolSize <= maxPoolSize}).
 *
 * <p><b>Thread-safety:</b> not thread-safe; confine a builder to one thread. The built config is immutable.
 */
public final class PoolConfigBuilder {

    private static final AtomicInteger POOL_NUMBERS = new AtomicInteger();

    String jdbcUrl;
    String username;
    String password;
    Properties driverProperties = new Properties();
    Driver driver;
    int minPoolSize = OptionKey.MIN_POOL_SIZE.defaultAs(Integer.class);
    int maxPoolSize = OptionKey.MAX_POOL_SIZE.defaultAs(Integer.class);
    Duration connectionLifetime = OptionKey.CONNECTION_LIFETIME.defaultAs(Duration.class);
    Duration connectionIdleLifetime = OptionKey.CONNECTION_IDLE_LIFETIME.defaultAs(Duration.class);
    Duration connectionTimeout = OptionKey.CONNECTION_TIMEOUT.defaultAs(Duration.class);
    Duration commandTimeout = OptionKey.COMMAND_TIMEOUT.defaultAs(Duration.class);
    boolean enablePooling = OptionKey.ENABLE_POOLING.defaultAs(Boolean.class);
    Duration validationTimeout = OptionKey.VALIDATION_TIMEOUT.defaultAs(Duration.class);
    Duration keepaliveInterval = OptionKey.KEEPALIVE.defaultAs(Duration.class);
    Duration leakDetectionThreshold = OptionKey.LEAK_DETECTION_THRESHOLD.defaultAs(Duration.class);
    Duration fairnessThreshold = OptionKey.FAIRNESS_THRESHOLD.defaultAs(Duration.class);
    boolean noResetOnClose = OptionKey.NO_RESET_ON_CLOSE.defaultAs(Boolean.class);
    boolean enablePoolAutoTuning = OptionKey.ENABLE_POOL_AUTO_TUNING.defaultAs(Boolean.class);
    int maxAutoPrepare = OptionKey.MAX_AUTO_PREPARE.defaultAs(Integer.class);
    int autoPrepareMinUsages = OptionKey.AUTO_PREPARE_MIN_USAGES.defaultAs(Integer.class);
    PgBouncerPoolMode pgBouncerPoolMode = OptionKey.PGBOUNCER_POOL_MODE.defaultAs(PgBouncerPoolMode.class);
    String applicationName;
    String poolName;
    Duration shutdownTimeout = OptionKey.SHUTDOWN_TIMEOUT.defaultAs(Duration.class);
    Duration connectBackoff = Duration.ofMillis(100);
    Duration maxConnectBackoff = Duration.ofSeconds(2);
    int maxConcurrentConnects = 2;
    Predicate<SQLException> fatalErrors = DefaultFatalErrors.INSTANCE;

    PoolConfigBuilder() {}

    PoolConfigBuilder copy() {
        PoolConfigBuilder c = new PoolConfigBuilder();
        c.jdbcUrl = jdbcUrl;
        c.username = username;
        c.password = password;
        c.driverProperties = new Properties();
        c.driverProperties.putAll(driverProperties);
        c.driver = driver;
        c.minPoolSize = minPoolSize;
        c.maxPoolSize = maxPoolSize;
        c.connectionLifetime = connectionLifetime;
        c.connectionIdleLifetime = connectionIdleLifetime;
        c.connectionTimeout = connectionTimeout;
        c.commandTimeout = commandTimeout;
        c.enablePooling = enablePooling;
        c.validationTimeout = validationTimeout;
        c.keepaliveInterval = keepaliveInterval;
        c.leakDetectionThreshold = leakDetectionThreshold;
        c.fairnessThreshold = fairnessThreshold;
        c.noResetOnClose = noResetOnClose;
        c.enablePoolAutoTuning = enablePoolAutoTuning;
        c.maxAutoPrepare = maxAutoPrepare;
        c.autoPrepareMinUsages = autoPrepareMinUsages;
        c.pgBouncerPoolMode = pgBouncerPoolMode;
        c.applicationName = applicationName;
        c.poolName = poolName;
        c.shutdownTimeout = shutdownTimeout;
        c.connectBackoff = connectBackoff;
        c.maxConnectBackoff = maxConnectBackoff;
        c.maxConcurrentConnects = maxConcurrentConnects;
        c.fatalErrors = fatalErrors;
        return c;
    }

    /**
     * @param url a JDBC URL, e.g. {@code jdbc:postgresql://db:5432/app?sslmode=require}; required. Its parameters
     *     win over every property the pool derives (pgjdbc's precedence)
     * @return this builder
     * @throws IllegalArgumentException if {@code url} is null or blank
     */
    public PoolConfigBuilder jdbcUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("jdbcUrl must not be blank, but was " + (url == null ? "null" : "''"));
        }
        this.jdbcUrl = url;
        return this;
    }

    /**
     * @param username the database user; {@code null} (the default) leaves it to the URL or driver properties
     * @return this builder
     */
    public PoolConfigBuilder username(String username) {
        this.username = username;
        return this;
    }

    /**
     * @param password the password; {@code null} (the default) for none. Never printed or logged
     * @return this builder
     */
    public PoolConfigBuilder password(String password) {
        this.password = password;
        return this;
    }

    /**
     * Adds a driver property (for pgjdbc, e.g. {@code tcpKeepAlive=true}). Properties set here win over the ones the
     * pool derives from this config; parameters in the URL win over both.
     *
     * @param name the property name
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException if either is null or the name is blank
     */
    public PoolConfigBuilder driverProperty(String name, String value) {
        if (name == null || name.isBlank() || value == null) {
            throw new IllegalArgumentException("driverProperty needs a name and a value, but was " + name + "=" + value);
        }
        driverProperties.setProperty(name, value);
        return this;
    }

    /**
     * @param properties driver properties to add (see {@link #driverProperty(String, String)})
     * @return this builder
     */
    public PoolConfigBuilder driverProperties(Properties properties) {
        Objects.requireNonNull(properties, "properties").forEach((k, v) -> driverProperty(
                String.valueOf(k), String.valueOf(v)));
        return this;
    }

    /**
     * @param driver the JDBC driver that opens physical connections; {@code null} (the default) uses pgjdbc for
     *     {@code jdbc:postgresql:} URLs and {@code DriverManager} otherwise. Lets benchmarks use a no-op driver
     * @return this builder
     */
    public PoolConfigBuilder driver(Driver driver) {
        this.driver = driver;
        return this;
    }

    /**
     * @param size the minimum number of open connections, idle or borrowed (Npgsql's meaning); default 2.
     *     Opened at start and restored by the background maintainer
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public PoolConfigBuilder minPoolSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("minPoolSize must be at least 0, but was " + size);
        }
        this.minPoolSize = size;
        return this;
    }

    /**
     * @param size the hard cap on open connections; default 20
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public PoolConfigBuilder maxPoolSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, but was " + size);
        }
        this.maxPoolSize = size;
        return this;
    }

    /**
     * @param lifetime how long a connection lives before it is retired, when returned or while idle; default 600 s.
     *     Each connection's lifetime is shortened by a random 0-10% so that they do not all expire at once. Zero
     *     keeps connections forever
     * @return this builder
     * @throws IllegalArgumentException if null or negative
     */
    public PoolConfigBuilder connectionLifetime(Duration lifetime) {
        this.connectionLifetime = nonNegative("connectionLifetime", lifetime);
        return this;
    }

    /**
     * @param lifetime how long a connection may stay idle while the pool holds more than {@code minPoolSize};
     *     default 300 s. Zero never closes idle connections
     * @return this builder
     * @throws IllegalArgumentException if null or negative
     */
    public PoolConfigBuilder connectionIdleLifetime(Duration lifetime) {
        this.connectionIdleLifetime = nonNegative("connectionIdleLifetime", lifetime);
        return this;
    }

    /**
     * @param timeout the longest {@code getConnection()} waits; default 15 s. Also the driver's connect and login
     *     timeout (whole seconds, rounded up)
     * @return this builder
     * @throws IllegalArgumentException if null, zero or negative
     */
    public PoolConfigBuilder connectionTimeout(Duration timeout) {
        this.connectionTimeout = positive("connectionTimeout", timeout);
        return this;
    }

    /**
     * @param timeout the query timeout given to every statement the pool hands out ({@code Statement.setQueryTimeout},
     *     whole seconds rounded up), default 30 s. A caller's own {@code setQueryTimeout} replaces it. Zero: none
     * @return this builder
     * @throws IllegalArgumentException if null or negative
     */
    public PoolConfigBuilder commandTimeout(Duration timeout) {
        this.commandTimeout = nonNegative("commandTimeout", timeout);
        return this;
    }

    /**
     * @param enable {@code true} (the default) to pool; {@code false} makes every borrow open a physical connection
     *     and every close close it (no background threads, no size cap)
     * @return this builder
     */
    public PoolConfigBuilder enablePooling(boolean enable) {
        this.enablePooling = enable;
        return this;
    }

    /**
     * @param timeout the longest a validation query may take; default 5 s (to the millisecond with pgjdbc; whole
     *     seconds, rounded up, with other drivers). A borrower's validation is further bounded by what is left of its
     *     connection timeout
     * @return this builder
     * @throws IllegalArgumentException if null, zero or negative
     */
    public PoolConfigBuilder validationTimeout(Duration timeout) {
        this.validationTimeout = positive("validationTimeout", timeout);
        return this;
    }

    /**
     * @param interval how long a connection may sit idle before the maintainer validates it, and again after each
     *     further interval while it stays idle; default 120 s. A check is not a use: the idle lifetime still counts
     *     from the connection's last return. Zero turns keepalive off (a connection idle over half a second is
     *     still validated before it is handed out)
     * @return this builder
     * @throws IllegalArgumentException if null or negative
     */
    public PoolConfigBuilder keepaliveInterval(Duration interval) {
        this.keepaliveInterval = nonNegative("keepaliveInterval", interval);
        return this;
    }

    /**
     * @param threshold how long a connection may be held before a leak is reported (listener event and a WARN log
     *     with the borrower's stack trace); default zero, off. When on, each borrow records its stack trace
     * @return this builder
     * @throws IllegalArgumentException if null or negative
     */
    public PoolConfigBuilder leakDetectionThreshold(Duration threshold) {
        this.leakDetectionThreshold = nonNegative("leakDetectionThreshold", threshold);
        return this;
    }

    /**
     * How long the oldest waiting borrower may wait before the pool turns strictly first come, first served. Below
     * it, a returned connection is made idle and the oldest waiter is woken to take it, but a borrower that is
     * already running may take it first (no park, no context switch: much higher throughput when borrowers
     * outnumber connections). Once the oldest waiter has waited this long, returned connections go straight to it
     * in arrival order and newcomers may not take idle ones, until no waiter that old is left. Waiters are always
     * served in arrival order among themselves; the threshold bounds how long running borrowers can delay them.
     *
     * <p>Choose it above a waiter's fair turn (waiting borrowers ÷ connections × how long each holds one): below
     * that, the oldest waiter is always past the threshold and every hand-off is strict. A pool of 3 with 16 TPC-B
     * clients ran 1.8 times faster at 5 ms than at 1 ms, with a lower p99; a longer threshold lets waiters be
     * overtaken for longer.
     *
     * @param threshold the fairness threshold; default 5 ms. {@link Duration#ZERO} makes every hand-off strict
     *     (a newcomer never overtakes a waiter, at the cost of a park and an unpark per borrow under contention)
     * @return this builder
     * @throws IllegalArgumentException if null or negative
     */
    public PoolConfigBuilder fairnessThreshold(Duration threshold) {
        this.fairnessThreshold = nonNegative("fairnessThreshold", threshold);
        return this;
    }

    /**
     * @param enabled {@code true} (the default): the pool keeps a concurrency limit between {@code minPoolSize} and
     *     {@code maxPoolSize}, moved from measured throughput, hold time and errors; borrowers beyond it wait in the
     *     same fair queue, and borrowers waiting while no connection comes back raise it to {@code maxPoolSize} at
     *     once. A pool with {@code minPoolSize} equal to {@code maxPoolSize} has a fixed size and is not tuned.
     *     {@code false}: the limit is {@code maxPoolSize} and nothing is measured
     * @return this builder
     */
    public PoolConfigBuilder enablePoolAutoTuning(boolean enabled) {
        this.enablePoolAutoTuning = enabled;
        return this;
    }

    /**
     * @param noReset {@code true} (the default): a returned connection gets its JDBC state restored only;
     *     {@code false}: the server session is reset too (settings, temporary tables, advisory locks, LISTEN,
     *     session authorization), keeping the driver's prepared statements
     * @return this builder
     */
    public PoolConfigBuilder noResetOnClose(boolean noReset) {
        this.noResetOnClose = noReset;
        return this;
    }

    /**
     * @param count how many statements each connection keeps prepared on the server (pgjdbc
     *     {@code preparedStatementCacheQueries}); default 10. Zero disables server-side preparation
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public PoolConfigBuilder maxAutoPrepare(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("maxAutoPrepare must be at least 0, but was " + count);
        }
        this.maxAutoPrepare = count;
        return this;
    }

    /**
     * @param usages after how many executions a statement is prepared on the server (pgjdbc
     *     {@code prepareThreshold}); default 2
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public PoolConfigBuilder autoPrepareMinUsages(int usages) {
        if (usages < 1) {
            throw new IllegalArgumentException("autoPrepareMinUsages must be at least 1, but was " + usages);
        }
        this.autoPrepareMinUsages = usages;
        return this;
    }

    /**
     * @param mode whether PgBouncer sits in front of the server and in which pool mode; default
     *     {@link PgBouncerPoolMode#NONE}. {@link PgBouncerPoolMode#TRANSACTION} turns off server-side preparation
     *     ({@code prepareThreshold=0}) and the session reset on return
     * @return this builder
     * @throws NullPointerException if {@code mode} is null
     */
    public PoolConfigBuilder pgBouncerPoolMode(PgBouncerPoolMode mode) {
        this.pgBouncerPoolMode = java.util.Objects.requireNonNull(mode, "pgBouncerPoolMode");
        return this;
    }

    /**
     * @param name the {@code application_name} reported to the server, empty for none (PostgreSQL's default);
     *     default: the pool name
     * @return this builder
     * @throws NullPointerException if null
     */
    public PoolConfigBuilder applicationName(String name) {
        this.applicationName = java.util.Objects.requireNonNull(name, "applicationName");
        return this;
    }

    /**
     * @param name the pool's name in thread names ({@code ballast[name]-...}), logs, errors and metrics; default
     *     {@code ballast-N}
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public PoolConfigBuilder poolName(String name) {
        this.poolName = notBlank("poolName", name);
        return this;
    }

    /**
     * @param timeout how long {@code close()} waits for borrowed connections before closing them anyway; default 30 s
     * @return this builder
     * @throws IllegalArgumentException if null or negative
     */
    public PoolConfigBuilder shutdownTimeout(Duration timeout) {
        this.shutdownTimeout = nonNegative("shutdownTimeout", timeout);
        return this;
    }

    /**
     * @param delay the pause after a failed connection attempt before the next one, doubled after each further
     *     failure up to {@link #maxConnectBackoff(Duration)}; default 100 ms. While it lasts, a borrower that finds
     *     no idle connection fails at once with the connect error
     * @return this builder
     * @throws IllegalArgumentException if null, zero or negative
     */
    public PoolConfigBuilder connectBackoff(Duration delay) {
        this.connectBackoff = positive("connectBackoff", delay);
        return this;
    }

    /**
     * @param delay the cap on the pause between connection attempts; default 2 s
     * @return this builder
     * @throws IllegalArgumentException if null, zero or negative
     */
    public PoolConfigBuilder maxConnectBackoff(Duration delay) {
        this.maxConnectBackoff = positive("maxConnectBackoff", delay);
        return this;
    }

    /**
     * @param count the most physical connections opened at the same time (on background threads); default 2
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public PoolConfigBuilder maxConcurrentConnects(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("maxConcurrentConnects must be at least 1, but was " + count);
        }
        this.maxConcurrentConnects = count;
        return this;
    }

    /**
     * @param isFatal decides whether an error raised by a connection means it is broken: such a connection is
     *     destroyed when returned, never reused. Default: SQLSTATE class 08, 57P01-57P03, 25006 and I/O failures.
     *     Called on the thread that saw the error; must be fast and thread-safe
     * @return this builder
     * @throws NullPointerException if null
     */
    public PoolConfigBuilder fatalErrors(Predicate<SQLException> isFatal) {
        this.fatalErrors = Objects.requireNonNull(isFatal, "fatalErrors");
        return this;
    }

    /**
     * @return the configuration
     * @throws IllegalArgumentException if no URL was set, or {@code minPoolSize > maxPoolSize}, or
     *     {@code connectBackoff > maxConnectBackoff}
     */
    public PoolConfig build() {
        if (jdbcUrl == null) {
            throw new IllegalArgumentException("jdbcUrl must be set, but was null");
        }
        if (minPoolSize > maxPoolSize) {
            throw new IllegalArgumentException("minPoolSize must not exceed maxPoolSize, but was " + minPoolSize
                    + " > " + maxPoolSize);
        }
        if (connectBackoff.compareTo(maxConnectBackoff) > 0) {
            throw new IllegalArgumentException("connectBackoff must not exceed maxConnectBackoff, but was "
                    + connectBackoff + " > " + maxConnectBackoff);
        }
        PoolConfigBuilder frozen = copy();
        if (frozen.poolName == null) {
            frozen.poolName = "ballast-" + POOL_NUMBERS.incrementAndGet();
        }
        return new PoolConfig(frozen);
    }

    private static Duration nonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, but was " + d);
        }
        return d;
    }

    private static Duration positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + d);
        }
        return d;
    }

    private static String notBlank(String name, String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, but was " + (s == null ? "null" : "'" + s + "'"));
        }
        return s;
    }
}
