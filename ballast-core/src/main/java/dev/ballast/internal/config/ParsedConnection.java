package dev.ballast.internal.config;

import java.util.Locale;
import java.util.Map;

/**
 * A connection string taken apart: the address (credential-free), the credentials, and the Ballast settings it
 * carried (Npgsql pool keywords such as {@code Maximum Pool Size}, or pgjdbc's {@code ApplicationName}).
 *
 * @param address where to connect
 * @param npgsql true if it was written as an Npgsql connection string, false for a JDBC URL
 * @param settings the settings it carried, credentials ({@link OptionKey#USERNAME}, {@link OptionKey#PASSWORD})
 *     included, each with its keyword as origin
 */
public record ParsedConnection(PgAddress address, boolean npgsql, Map<OptionKey, Setting> settings) {

    /**
     * Copies the settings.
     *
     * @param address see the record
     * @param npgsql see the record
     * @param settings see the record
     */
    public ParsedConnection {
        settings = Map.copyOf(settings);
    }

    /**
     * Parses a JDBC URL ({@code jdbc:postgresql:…}) or an Npgsql connection string ({@code Host=…;…}).
     * Messages never include a password.
     *
     * @param text the connection string
     * @return its parts
     * @throws IllegalArgumentException if it is neither form, or malformed
     */
    public static ParsedConnection parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new OptionException("ConnectionString must not be blank", OptionKey.CONNECTION_STRING);
        }
        if (trimmed.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return JdbcUrlParser.parse(trimmed);
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
            throw new OptionException("ConnectionString must be a JDBC URL (jdbc:postgresql://host:port/db) or an"
                    + " Npgsql connection string (Host=…;Database=…); libpq URIs (postgres://…) are not supported",
                    OptionKey.CONNECTION_STRING);
        }
        if (!trimmed.contains("=")) {
            throw new OptionException("ConnectionString must be a JDBC URL (jdbc:postgresql://host:port/db) or an"
                    + " Npgsql connection string (Host=…;Database=…), but it has neither form (value not shown)",
                    OptionKey.CONNECTION_STRING);
        }
        return NpgsqlParser.parse(trimmed);
    }

    /** @return the JDBC URL, with Npgsql's default port 5432 when an Npgsql string named no port */
    public String jdbcUrl() {
        PgAddress a = npgsql && address.port() == null ? address.withPort(PgAddress.DEFAULT_PORT) : address;
        return a.toJdbcUrl();
    }
}
