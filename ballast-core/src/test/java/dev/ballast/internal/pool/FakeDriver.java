package dev.ballast.internal.pool;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A JDBC driver for unit tests of the pool engine: connections are dynamic proxies that remember whether they were
 * closed and otherwise answer with defaults. A test can make connecting fail, or block until it opens a gate.
 * Instance state only.
 */
final class FakeDriver implements Driver {

    static final String URL = "jdbc:fake:db";

    final AtomicInteger connects = new AtomicInteger();
    final List<FakeConnection> connections = new CopyOnWriteArrayList<>();
    volatile SQLException failWith;
    volatile CountDownLatch gate;

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        connects.incrementAndGet();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                if (!g.await(30, TimeUnit.SECONDS)) {
                    throw new SQLException("gate never opened", "08001");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", "08001");
            }
        }
        SQLException f = failWith;
        if (f != null) {
            throw f;
        }
        FakeConnection c = new FakeConnection();
        connections.add(c);
        return c.proxy;
    }

    int open() {
        return (int) connections.stream().filter(c -> !c.closed).count();
    }

    @Override
    public boolean acceptsURL(String url) {
        return url.startsWith("jdbc:fake:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    /** One fake physical connection. */
    static final class FakeConnection implements InvocationHandler {
        final Connection proxy = (Connection) Proxy.newProxyInstance(FakeDriver.class.getClassLoader(),
                new Class<?>[] {Connection.class}, this);
        volatile boolean closed;
        volatile boolean valid = true;
        volatile boolean autoCommit = true;
        final AtomicInteger rollbacks = new AtomicInteger();
        final AtomicInteger clearWarnings = new AtomicInteger();

        @Override
        public Object invoke(Object self, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "close":
                case "abort":
                    closed = true;
                    return null;
                case "isClosed":
                    return closed;
                case "isValid":
                    return !closed && valid;
                case "getAutoCommit":
                    return autoCommit;
                case "setAutoCommit":
                    autoCommit = (Boolean) args[0];
                    return null;
                case "rollback":
                    rollbacks.incrementAndGet();
                    return null;
                case "clearWarnings":
                    clearWarnings.incrementAndGet();
                    return null;
                case "nativeSQL": // a call that fails, for error classification tests
                    throw new SQLException("boom: " + args[0], (String) args[0]);
                case "createStatement":
                    return Proxy.newProxyInstance(FakeDriver.class.getClassLoader(), new Class<?>[] {Statement.class},
                            (p, sm, sa) -> defaultValue(sm.getReturnType()));
                case "isWrapperFor":
                    return false;
                case "unwrap":
                    throw new SQLException("not a wrapper");
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                case "toString":
                    return "FakeConnection@" + Integer.toHexString(System.identityHashCode(self));
                default:
                    if (closed) {
                        throw new SQLException("closed", "08003");
                    }
                    return defaultValue(m.getReturnType());
            }
        }

        static Object defaultValue(Class<?> type) {
            if (type == boolean.class) {
                return false;
            }
            if (type == int.class) {
                return 0;
            }
            if (type == long.class) {
                return 0L;
            }
            return null;
        }
    }
}
