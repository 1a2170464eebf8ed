package dev.ballast.internal.topology;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import javax.sql.DataSource;

/** A {@link DataSource} whose connections come from a routing rule (the cluster's read routing). Thread-safe. */
final class RoutedDataSource implements RoutingDataSourceDefaults {

    /** Where a connection comes from. */
    @FunctionalInterface
    interface Route {
        Connection connect() throws SQLException;
    }

    private final String name;
    private final Route route;

    RoutedDataSource(String name, Route route) {
        this.name = name;
        this.route = route;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return route.connect();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Pool '" + name + "' uses the configured credentials");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Read data source of pool '" + name + "' does not wrap a " + iface.getName());
    }

    @Override
    public String toString() {
        return "ReadDataSource[" + name + "]";
    }
}
