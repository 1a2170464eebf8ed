package dev.ballast.internal.pool;

import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.pool.PoolConfig;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens physical connections: the configured driver (pgjdbc by default), the URL, and the driver properties derived
 * from the config. Derived properties: {@code user}, {@code password}, {@code connectTimeout} and
 * {@code loginTimeout} (the connection timeout, whole seconds rounded up), {@code ApplicationName},
 * {@code prepareThreshold} (AutoPrepareMinUsages, or 0 when MaxAutoPrepare is 0 or PgBouncerPoolMode is
 * Transaction), {@code preparedStatementCacheQueries} (MaxAutoPrepare), and behind a transaction-mode PgBouncer
 * {@code assumeMinServerVersion} ({@link TransactionModeDefaults}, which also refuses session defaults the bouncer
 * cannot keep). The config's own driver properties override these, and pgjdbc lets parameters in the URL override
 * everything. Thread-safe.
 */
final class Connector {

    private final Driver driver;
    private final String url;
    private volatile Properties properties;
    private final java.util.concurrent.atomic.AtomicBoolean unnamedStatements = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile int loginTimeoutSeconds;

    Connector(PoolConfig config, String password) {
        this.url = config.jdbcUrl();
        this.driver = resolveDriver(config);
        this.properties = properties(config, password);
        if (config.pgBouncerPoolMode() == PgBouncerPoolMode.TRANSACTION) {
            TransactionModeDefaults.check(config, properties);
        }
    }

    private static Driver resolveDriver(PoolConfig config) {
        if (config.driver() != null) {
            return config.driver();
        }
        if (config.jdbcUrl().startsWith("jdbc:postgresql:")) {
            return new org.postgresql.Driver();
        }
        try {
            return DriverManager.getDriver(config.jdbcUrl());
        } catch (SQLException e) {
            throw new IllegalStateException("no JDBC driver accepts the URL of pool '" + config.poolName() + "'", e);
        }
    }

    static Properties properties(PoolConfig config, String password) {
        Properties p = new Properties();
        if (config.username() != null) {
            p.setProperty("user", config.username());
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        String timeout = Integer.toString(seconds(config.connectionTimeout()));
        p.setProperty("connectTimeout", timeout);
        p.setProperty("loginTimeout", timeout);
        p.setProperty("ApplicationName", config.applicationName());
        if (config.maxAutoPrepare() == 0 || config.pgBouncerPoolMode() == PgBouncerPoolMode.TRANSACTION) {
            // a transaction-mode bouncer runs each transaction on any server session: a statement prepared by
            // name on one is missing on the next (26000) or already there (42P05); unnamed statements work on all
            p.setProperty("prepareThreshold", "0");
            if (config.pgBouncerPoolMode() == PgBouncerPoolMode.TRANSACTION) {
                TransactionModeDefaults.addTo(p);
            }
        } else {
            p.setProperty("prepareThreshold", Integer.toString(config.autoPrepareMinUsages()));
            p.setProperty("preparedStatementCacheQueries", Integer.toString(config.maxAutoPrepare()));
        }
        p.putAll(config.driverProperties());
        return p;
    }

    /**
     * @param d a duration
     * @return whole seconds, rounded up, at least 1 for a positive duration, capped at {@code Integer.MAX_VALUE}
     */
    static int seconds(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, s);
    }

    /**
     * Makes connections opened from now on prepare no statement on the server by name ({@code prepareThreshold=0}).
     *
     * @return {@code true} the first time only
     */
    boolean useUnnamedStatements() {
        if (!unnamedStatements.compareAndSet(false, true)) {
            return false;
        }
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("prepareThreshold", "0");
        properties = p;
        return true;
    }

    /** @param seconds the login timeout for connections opened from now on; 0 restores the configured one */
    void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    /** @return the login timeout in seconds */
    int loginTimeout() {
        int override = loginTimeoutSeconds;
        return override > 0 ? override : Integer.parseInt(properties.getProperty("loginTimeout", "0"));
    }

    /**
     * Opens a physical connection on the calling thread.
     *
     * @return the connection
     * @throws SQLException the driver's error, or if the driver does not accept the URL
     */
    Connection connect() throws SQLException {
        Properties p = properties;
        int override = loginTimeoutSeconds;
        if (override > 0) {
            p = new Properties();
            p.putAll(properties);
            p.setProperty("loginTimeout", Integer.toString(override));
        }
        Connection c;
        try {
            c = driver.connect(url, p);
        } catch (SQLException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SQLException("the JDBC driver failed to connect: " + e, "08001", e);
        }
        if (c == null) {
            throw new SQLException("the JDBC driver " + driver.getClass().getName() + " does not accept the URL",
                    "08001");
        }
        return c;
    }
}
