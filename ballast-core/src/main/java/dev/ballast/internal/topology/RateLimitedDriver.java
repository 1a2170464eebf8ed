package dev.ballast.internal.topology;

import dev.ballast.internal.time.Clock;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * The driver of one host's pool: pgjdbc, opening at most {@link ConnectRate} connections per second. The pool opens
 * connections on its own connector threads, so a wait here holds back the warm-up of a freshly promoted primary
 * (no storm of connects), never a caller's thread. Thread-safe.
 */
final class RateLimitedDriver implements Driver {

    private final Driver delegate;
    private final ConnectRate rate;
    private final Clock clock;

    RateLimitedDriver(Driver delegate, ConnectRate rate, Clock clock) {
        this.delegate = delegate;
        this.rate = rate;
        this.clock = clock;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        long wait = rate.reserve(clock.nanoTime());
        if (wait > 0) {
            long deadline = clock.nanoTime() + wait;
            for (long left = wait; left > 0; left = deadline - clock.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while pacing connection openings", "08001");
                }
            }
        }
        return delegate.connect(url, info);
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return delegate.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return delegate.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return delegate.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return delegate.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return delegate.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }
}
