package dev.ballast.internal.pool;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver for the wrapper rule tests: every object it hands out (connection, statements, result sets,
 * metadata) answers with defaults until its connection is {@linkplain FaultyConnection#armed armed}; from then on
 * every call throws a fatal error (SQLSTATE 08006), as a driver does after its server went away. Each connection
 * counts the calls made on it, and on its objects, from one thread. Instance state only.
 *
 * <p>Dynamic proxies rather than interfaces with default methods, because the test drives every method of six
 * interfaces (several hundred) the same way: a proxy answers all of them with one rule.
 */
final class FaultyDriver implements Driver {

    static final String URL = "jdbc:faulty:db";
    static final String FATAL_STATE = "08006";

    volatile FaultyConnection last;

    @Override
    public Connection connect(String url, Properties info) {
        FaultyConnection c = new FaultyConnection();
        last = c;
        return c.as(Connection.class);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url.startsWith("jdbc:faulty:");
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

    /** One fake physical connection and the state its statements, result sets and metadata share. */
    static final class FaultyConnection {
        /** From now on, every call on this connection or its objects throws {@link #FATAL_STATE}. */
        volatile boolean armed;
        volatile boolean closed;
        /** The thread whose calls {@link #calls} counts. */
        volatile Thread watched;
        volatile int calls;
        /** The first error thrown once armed. */
        volatile SQLException thrown;

        <T> T as(Class<T> type) {
            InvocationHandler handler = this::invoke;
            return type.cast(Proxy.newProxyInstance(FaultyDriver.class.getClassLoader(), new Class<?>[] {type},
                    handler));
        }

        private Object invoke(Object self, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                case "toString":
                    return "Faulty" + m.getDeclaringClass().getSimpleName();
                default:
                    break;
            }
            if (Thread.currentThread() == watched) {
                calls++;
            }
            if (self instanceof Connection && m.getName().equals("close")) {
                closed = true;
            }
            if (armed) {
                SQLException e = new SQLException("the server went away", FATAL_STATE);
                if (thrown == null) {
                    thrown = e;
                }
                throw e;
            }
            return m.getName().equals("isValid") ? !closed : answer(m.getReturnType());
        }

        private Object answer(Class<?> type) {
            if (type == CallableStatement.class || type == PreparedStatement.class || type == Statement.class
                    || type == ResultSet.class || type == DatabaseMetaData.class || type == ResultSetMetaData.class
                    || type == ParameterMetaData.class) {
                return as(type);
            }
            if (type == boolean.class) {
                return false;
            }
            if (type == int.class) {
                return 0;
            }
            if (type == long.class) {
                return 0L;
            }
            if (type == short.class) {
                return (short) 0;
            }
            if (type == byte.class) {
                return (byte) 0;
            }
            if (type == float.class) {
                return 0f;
            }
            if (type == double.class) {
                return 0d;
            }
            return null;
        }
    }
}
