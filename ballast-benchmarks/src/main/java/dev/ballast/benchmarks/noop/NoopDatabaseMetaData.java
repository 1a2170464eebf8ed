package dev.ballast.benchmarks.noop;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLFeatureNotSupportedException;

/**
 * Metadata of a no-op connection: product and driver "noop" 1.0, JDBC 4.2, everything else false, zero or empty.
 * Catalog queries that would return a {@link java.sql.ResultSet} are not supported. A dynamic proxy, because
 * nothing reads metadata on a pool's hot path.
 */
final class NoopDatabaseMetaData implements InvocationHandler {

    private final Connection connection;

    private NoopDatabaseMetaData(Connection connection) {
        this.connection = connection;
    }

    static DatabaseMetaData create(Connection connection) {
        return (DatabaseMetaData) Proxy.newProxyInstance(
                NoopDatabaseMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class},
                new NoopDatabaseMetaData(connection));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "getConnection":
                return connection;
            case "getURL":
                return NoopDriver.URL;
            case "getDatabaseProductName":
            case "getDriverName":
            case "getUserName":
                return "noop";
            case "getDatabaseProductVersion":
            case "getDriverVersion":
                return "1.0";
            case "getDatabaseMajorVersion":
            case "getDriverMajorVersion":
                return 1;
            case "getJDBCMajorVersion":
                return 4;
            case "getJDBCMinorVersion":
                return 2;
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(proxy);
            case "unwrap":
                return Wrappers.unwrap(proxy, (Class<?>) args[0]);
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "NoopDatabaseMetaData";
            default:
                return defaultValue(method);
        }
    }

    private static Object defaultValue(Method method) throws SQLFeatureNotSupportedException {
        Class<?> type = method.getReturnType();
        if (type == boolean.class) {
            return false;
        } else if (type == int.class) {
            return 0;
        } else if (type == long.class) {
            return 0L;
        } else if (type == String.class) {
            return "";
        } else if (type.isEnum() || type == void.class) {
            return type.isEnum() ? type.getEnumConstants()[0] : null;
        }
        throw new SQLFeatureNotSupportedException("the no-op driver does not support " + method.getName());
    }
}
