package dev.ballast.internal.topology;

import dev.ballast.internal.config.HostPort;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Asks one host its role and WAL position on one long-lived connection of its own (opened again after a failure),
 * bounded by a short connect and socket timeout so that a dead or partitioned host costs the monitor only that
 * host's thread. One query: {@code pg_is_in_recovery()}, then the primary's {@code pg_current_wal_lsn()} and
 * timeline (from its current WAL file name) or the standby's {@code pg_last_wal_replay_lsn()}. Used by one thread at
 * a time.
 */
final class HostProber implements AutoCloseable {

    private static final String PROBE = "select pg_is_in_recovery(),"
            + " case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end::text,"
            + " case when pg_is_in_recovery() then null else substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) end";

    private final HostPort host;
    private final String url;
    private final Driver driver;
    private final Properties properties;
    private Connection connection;

    /**
     * @param host the host
     * @param url its single-host JDBC URL
     * @param driver the JDBC driver
     * @param properties credentials, application name and timeouts
     */
    HostProber(HostPort host, String url, Driver driver, Properties properties) {
        this.host = host;
        this.url = url;
        this.driver = driver;
        this.properties = properties;
    }

    /** @return what the host said, or why it could not be asked */
    ProbeResult probe() {
        try {
            if (connection == null) {
                connection = driver.connect(url, properties);
                if (connection == null) {
                    return ProbeResult.failed("the JDBC driver does not accept " + url);
                }
            }
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(PROBE)) {
                rs.next();
                boolean standby = rs.getBoolean(1);
                long lsn = Lsn.parse(rs.getString(2));
                String tli = rs.getString(3);
                return standby ? ProbeResult.standby(lsn) : ProbeResult.primary(lsn, Long.parseLong(tli, 16));
            }
        } catch (SQLException | RuntimeException e) {
            close();
            return ProbeResult.failed(host + ": " + e.getMessage());
        }
    }

    /** @return whether the probe connection is open now (it counts in the host's MaxPoolSize) */
    boolean connected() {
        return connection != null;
    }

    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // The connection was broken already.
            }
        }
    }
}
