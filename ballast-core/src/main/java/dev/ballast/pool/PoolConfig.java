package dev.ballast.pool;

import dev.ballast.internal.config.Redactor;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * The immutable configuration of a {@link BallastPool}: where to connect, how many connections to keep, how long
 * they live, and how the pool treats them. Build one with {@link #builder()}; every setter validates its argument at
 * once and {@link PoolConfigBuilder#build()} checks the settings against each other, so a {@code PoolConfig} is
 * always valid. Defaults follow Npgsql's pool, come from the same table as {@code DatabaseOptions}' and are listed
 * on each builder method.
 *
 * <p>Times are {@link Duration}s. Where the driver only understands whole seconds (connect and login timeout,
 * statement timeout, validation), the value is rounded <em>up</em> to the next whole second.
 *
 * <p><b>Thread-safety:</b> immutable and safe to share. {@link #toString()} never shows the password, nor any
 * password parameter of the URL ({@code password}, {@code sslpassword}).
 */
public final class PoolConfig {

    private final PoolConfigBuilder b;

    PoolConfig(PoolConfigBuilder builder) {
        this.b = builder.copy();
    }

    /** @return a builder with every setting at its default and no URL */
    public static PoolConfigBuilder builder() {
        return new PoolConfigBuilder();
    }

    /** @return a builder holding this configuration's settings, to derive a modified copy */
    public PoolConfigBuilder toBuilder() {
        return b.copy();
    }

    /** @return the JDBC URL; its parameters (for example {@code sslmode}, {@code socketTimeout}) reach the driver */
    public String jdbcUrl() {
        return b.jdbcUrl;
    }

    /** @return the user name, or {@code null} if the URL or driver properties carry it */
    public String username() {
        return b.username;
    }

    /**
     * @return the password, or {@code null}; for the pool's own use when connecting. It is never included in
     *     {@link #toString()}, logs or errors
     */
    public String password() {
        return b.password;
    }

    /** @return a copy of the extra driver properties */
    public Properties driverProperties() {
        Properties copy = new Properties();
        copy.putAll(b.driverProperties);
        return copy;
    }

    /** @return the driver to connect with, or {@code null} to use pgjdbc (or {@code DriverManager} for other URLs) */
    public Driver driver() {
        return b.driver;
    }

    /** @return the minimum number of open connections (idle plus borrowed) the pool keeps */
    public int minPoolSize() {
        return b.minPoolSize;
    }

    /** @return the maximum number of open connections, never exceeded */
    public int maxPoolSize() {
        return b.maxPoolSize;
    }

    /** @return the longest a connection lives before it is retired (jittered down by up to 10%); zero: forever */
    public Duration connectionLifetime() {
        return b.connectionLifetime;
    }

    /** @return how long an idle connection above the minimum is kept; zero: forever */
    public Duration connectionIdleLifetime() {
        return b.connectionIdleLifetime;
    }

    /** @return the longest a borrower waits for a connection, also the driver's connect and login timeout */
    public Duration connectionTimeout() {
        return b.connectionTimeout;
    }

    /** @return the default query timeout of every statement; zero: none */
    public Duration commandTimeout() {
        return b.commandTimeout;
    }

    /** @return whether connections are pooled; {@code false}: each borrow opens one and each close closes it */
    public boolean enablePooling() {
        return b.enablePooling;
    }

    /** @return the longest a validation ({@code Connection.isValid}) may take */
    public Duration validationTimeout() {
        return b.validationTimeout;
    }

    /** @return how long a connection may stay idle before the maintainer validates it; zero: never */
    public Duration keepaliveInterval() {
        return b.keepaliveInterval;
    }

    /** @return how long a connection may be held before it is reported as a suspected leak; zero: off */
    public Duration leakDetectionThreshold() {
        return b.leakDetectionThreshold;
    }

    /**
     * @return how long the oldest waiter may wait while running borrowers take returned connections ahead of it,
     *     before hand-offs turn strictly first come, first served; zero: always strict (see
     *     {@link PoolConfigBuilder#fairnessThreshold(Duration)})
     */
    public Duration fairnessThreshold() {
        return b.fairnessThreshold;
    }

    /**
     * @return whether the pool sizes itself between MinPoolSize and MaxPoolSize (see
     *     {@link PoolConfigBuilder#enablePoolAutoTuning(boolean)})
     */
    public boolean enablePoolAutoTuning() {
        return b.enablePoolAutoTuning;
    }

    /** @return whether returning a connection skips the server-side session reset */
    public boolean noResetOnClose() {
        return b.noResetOnClose;
    }

    /** @return how many statements each connection keeps server-prepared (pgjdbc's statement cache size) */
    public int maxAutoPrepare() {
        return b.maxAutoPrepare;
    }

    /** @return how many executions of a statement make the driver prepare it on the server */
    public int autoPrepareMinUsages() {
        return b.autoPrepareMinUsages;
    }

    /** @return whether PgBouncer sits in front of the server, and in which pool mode */
    public PgBouncerPoolMode pgBouncerPoolMode() {
        return b.pgBouncerPoolMode;
    }

    /** @return the {@code application_name} sessions report to the server */
    public String applicationName() {
        return b.applicationName != null ? b.applicationName : b.poolName;
    }

    /** @return the pool's name, used in thread names, logs, errors and metrics */
    public String poolName() {
        return b.poolName;
    }

    /** @return how long {@link BallastPool#close()} waits for borrowed connections to come back */
    public Duration shutdownTimeout() {
        return b.shutdownTimeout;
    }

    /** @return the delay before the first retry after a failed connection attempt */
    public Duration connectBackoff() {
        return b.connectBackoff;
    }

    /** @return the longest delay between connection attempts while the database stays unreachable */
    public Duration maxConnectBackoff() {
        return b.maxConnectBackoff;
    }

    /** @return the most physical connections opened at the same time */
    public int maxConcurrentConnects() {
        return b.maxConcurrentConnects;
    }

    /** @return the rule that decides whether an error means the connection is broken and must be destroyed */
    public Predicate<SQLException> fatalErrors() {
        return b.fatalErrors;
    }

    @Override
    public String toString() {
        return "PoolConfig[poolName=" + b.poolName + ", jdbcUrl=" + Redactor.redact(b.jdbcUrl) + ", username="
                + b.username
                + ", password=" + (b.password == null ? "<none>" : "<hidden>")
                + ", minPoolSize=" + b.minPoolSize + ", maxPoolSize=" + b.maxPoolSize
                + ", connectionLifetime=" + b.connectionLifetime + ", connectionIdleLifetime="
                + b.connectionIdleLifetime + ", connectionTimeout=" + b.connectionTimeout + ", commandTimeout="
                + b.commandTimeout + ", enablePooling=" + b.enablePooling + ", validationTimeout="
                + b.validationTimeout + ", keepaliveInterval=" + b.keepaliveInterval + ", leakDetectionThreshold="
                + b.leakDetectionThreshold + ", fairnessThreshold=" + b.fairnessThreshold + ", noResetOnClose="
                + b.noResetOnClose + ", enablePoolAutoTuning=" + b.enablePoolAutoTuning + ", maxAutoPrepare=" + b.maxAutoPrepare + ", autoPrepareMinUsages="
                + b.autoPrepareMinUsages + ", pgBouncerPoolMode=" + b.pgBouncerPoolMode + ", applicationName="
                + applicationName() + ", shutdownTimeout=" + b.shutdownTimeout + ", driverProperties="
                + b.driverProperties.stringPropertyNames() + "]";
    }
}
