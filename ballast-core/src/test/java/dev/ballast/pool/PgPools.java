package dev.ballast.pool;

import dev.ballast.testing.Await;
import dev.ballast.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Helpers for pool tests against the testkit's PostgreSQL. */
final class PgPools {

    private PgPools() {}

    /** A config for {@code pg} with a pool (and application) name of its own and test-friendly bounds. */
    static PoolConfigBuilder config(PostgresServer pg, String name) {
        return PoolConfig.builder().jdbcUrl(pg.jdbcUrl()).username(pg.username()).poolName(name).minPoolSize(0)
                .maxPoolSize(5).connectionTimeout(Duration.ofSeconds(10)).shutdownTimeout(Duration.ofSeconds(5));
    }

    /** @return how many server backends the pool named {@code app} has open, seen from a separate connection */
    static int backends(PostgresServer pg, String app) throws SQLException {
        return pids(pg, app).size();
    }

    /** @return the backend process ids of the pool named {@code app} */
    static List<Integer> pids(PostgresServer pg, String app) throws SQLException {
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE application_name = ? ORDER BY pid")) {
            ps.setString(1, app);
            List<Integer> pids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
            return pids;
        }
    }

    /** Terminates the backends of the pool named {@code app}; @return how many */
    static int terminate(PostgresServer pg, String app) throws SQLException {
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                        + "WHERE application_name = ?")) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Terminates a backend and waits until the server no longer lists it, so that its next use surely fails. */
    static void terminateAndWait(PostgresServer pg, int pid) throws SQLException {
        try (Connection admin = pg.connect(); Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
        Await.until(Duration.ofSeconds(30), () -> {
            try (Connection admin = pg.connect(); PreparedStatement ps = admin.prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 0;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "backend " + pid + " gone");
    }

    /** Runs a query returning one value on a connection. */
    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static int pid(Connection c) throws SQLException {
        return Integer.parseInt(one(c, "SELECT pg_backend_pid()"));
    }

    /** @return names of live threads of the pool named {@code name} */
    static List<String> poolThreads(String name) {
        String prefix = "ballast[" + name + "]";
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
