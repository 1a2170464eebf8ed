package dev.ballast.internal.config;

import dev.ballast.DatabaseOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the few physical connections Ballast makes outside its pool (the health probe, the {@code pg_stat_activity}
 * sampler): same URL and credentials as the pool, every timeout bounded, and an application name of their own so
 * that they never count as the pool's sessions.
 */
public final class SideConnections {

    private SideConnections() {}

    /**
     * @param options the pool's options (URL, username, password, application name)
     * @param purpose appended to the application name, e.g. {@code health}
     * @param timeoutSeconds bound on connecting, logging in and each socket read
     * @return a new connection; the caller closes it
     * @throws SQLException if it cannot be opened
     */
    public static Connection open(DatabaseOptions options, String purpose, int timeoutSeconds) throws SQLException {
        Properties props = new Properties();
        if (options.username() != null) {
            props.setProperty("user", options.username());
        }
        if (!options.password().isEmpty()) {
            props.setProperty("password", options.password().reveal());
        }
        String seconds = Integer.toString(timeoutSeconds);
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        props.setProperty("socketTimeout", seconds);
        props.setProperty("ApplicationName", options.applicationName() + "-" + purpose);
        return DriverManager.getConnection(options.url(), props);
    }
}
