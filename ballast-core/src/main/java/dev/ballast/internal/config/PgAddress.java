package dev.ballast.internal.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where to connect, without credentials: hosts, a default port, a database and pgjdbc URL parameters.
 *
 * @param hosts the servers; empty means pgjdbc's default ({@code jdbc:postgresql:db} form)
 * @param port the port for hosts that name none, or null to leave it to the driver
 * @param database the database name (decoded), or null for the server's default
 * @param params pgjdbc URL parameters (decoded values), in order
 */
public record PgAddress(List<HostPort> hosts, Integer port, String database, Map<String, String> params) {

    /** PostgreSQL's port, which Npgsql assumes when a connection string names none. */
    public static final int DEFAULT_PORT = 5432;

    /**
     * Copies the lists so the record is immutable.
     *
     * @param hosts see the record
     * @param port see the record
     * @param database see the record
     * @param params see the record
     */
    public PgAddress {
        hosts = List.copyOf(hosts);
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * @param newHosts the hosts
     * @return a copy with these hosts
     */
    public PgAddress withHosts(List<HostPort> newHosts) {
        return new PgAddress(newHosts, port, database, params);
    }

    /**
     * @param newPort the default port
     * @return a copy with this default port
     */
    public PgAddress withPort(Integer newPort) {
        return new PgAddress(hosts, newPort, database, params);
    }

    /**
     * @param newDatabase the database
     * @return a copy with this database
     */
    public PgAddress withDatabase(String newDatabase) {
        return new PgAddress(hosts, port, newDatabase, params);
    }

    /** @return the JDBC URL, {@code jdbc:postgresql://host:port/db?param=value&…}, values percent-encoded */
    public String toJdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql:");
        String db = database == null ? "" : encode(database);
        if (hosts.isEmpty()) {
            url.append(db);
        } else {
            StringJoiner list = new StringJoiner(",");
            for (HostPort h : hosts) {
                Integer p = h.port() != null ? h.port() : port;
                list.add(p == null ? h.host() : h.host() + ':' + p);
            }
            url.append("//").append(list).append('/').append(db);
        }
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            url.append(sep).append(e.getKey()).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return url.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
