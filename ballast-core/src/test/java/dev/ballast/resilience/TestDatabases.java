package dev.ballast.resilience;

import dev.ballast.testing.DataSourceDefaults;
import dev.ballast.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.DriverManager;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import javax.sql.DataSource;

/** Plain pgjdbc data sources and one-off SQL for the real-database tests (no pool: each connection is new). */
final class TestDatabases {

    private TestDatabases() {}

    /**
     * @param host the host
     * @param port the port
     * @param socketTimeoutSeconds pgjdbc's socketTimeout, 0 for none
     * @return a non-pooling data source for the {@code postgres} database
     */
    static DataSource dataSource(String host, int port, int socketTimeoutSeconds) {
        Properties props = new Properties();
        props.setProperty("user", PostgresServer.USERNAME);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "10");
        props.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        return new UrlDataSource("jdbc:postgresql://" + host + ":" + port + "/postgres", props);
    }

    /**
     * @param pg the server
     * @param socketTimeoutSeconds pgjdbc's socketTimeout, 0 for none
     * @return a non-pooling data source for the server's {@code postgres} database
     */
    static DataSource dataSource(PostgresServer pg, int socketTimeoutSeconds) {
        return dataSource(pg.host(), pg.port(), socketTimeoutSeconds);
    }

    /**
     * @param pg the server
     * @param sql statements to run in auto-commit, one by one
     * @throws SQLException if one fails
     */
    static void run(PostgresServer pg, String... sql) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /**
     * @param pg the server
     * @param sql a query returning one number
     * @return that number
     * @throws SQLException if the query fails
     */
    static long number(PostgresServer pg, String sql) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * A non-pooling data source over {@link DriverManager} (pgjdbc's own needs {@code java.naming}, which the core
     * module, and so its tests, do not read).
     */
    static final class UrlDataSource implements DataSourceDefaults {
        private final String url;
        private final Properties props;

        UrlDataSource(String url, Properties props) {
            this.url = url;
            this.props = props;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, props);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("credentials are fixed");
        }

        @Override
        public void setLoginTimeout(int seconds) {
            props.setProperty("loginTimeout", Integer.toString(seconds));
        }

        @Override
        public int getLoginTimeout() {
            return Integer.parseInt(props.getProperty("loginTimeout"));
        }
    }
}
