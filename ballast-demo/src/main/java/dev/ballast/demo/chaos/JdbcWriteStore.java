package dev.ballast.demo.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

/**
 * Reads the tickets straight from PostgreSQL over a plain JDBC connection, bypassing the service, Ballast and the
 * fault proxy: the verification must not trust the system under test.
 */
public final class JdbcWriteStore implements WriteStore {

    private final String url;
    private final String user;

    /**
     * @param url the server's own JDBC URL (not the proxy's)
     * @param user the user to connect as
     */
    public JdbcWriteStore(String url, String user) {
        this.url = Objects.requireNonNull(url, "url");
        this.user = Objects.requireNonNull(user, "user");
    }

    @Override
    public Map<UUID, List<Long>> rowsByKey() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("connectTimeout", "30");
        Map<UUID, List<Long>> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, props); Statement s = c.createStatement()) {
            s.setFetchSize(10_000);
            c.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery(
                    "SELECT request_key, id FROM tickets WHERE request_key IS NOT NULL")) {
                while (rs.next()) {
                    rows.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>(1)).add(rs.getLong(2));
                }
            }
            c.commit();
        }
        return rows;
    }
}
