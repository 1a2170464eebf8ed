package dev.ballast.internal.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of one source (a file, the environment, a properties object), with its connection resolved: the
 * connection string taken apart, and {@code Host}/{@code Port}/{@code Database} merged into its address. Within a
 * source a setting may be given in two places (two spellings, a connection string keyword and a key) only if the
 * values agree. Across sources the later one wins, key by key; a source that names an address replaces the
 * address of the one below it.
 */
final class Layer {

    private final Map<OptionKey, Setting> settings;
    private final PgAddress address;

    private Layer(Map<OptionKey, Setting> settings, PgAddress address) {
        this.settings = settings;
        this.address = address;
    }

    /** @return the settings, credentials included, connection keys resolved away */
    Map<OptionKey, Setting> settings() {
        return settings;
    }

    /** @return the address, or null if this source names none */
    PgAddress address() {
        return address;
    }

    /**
     * @param lower the source below this one
     * @return the two merged, this one winning
     */
    Layer over(Layer lower) {
        Map<OptionKey, Setting> merged = new EnumMap<>(OptionKey.class);
        merged.putAll(lower.settings);
        merged.putAll(settings);
        return new Layer(merged, address != null ? address : lower.address);
    }

    /**
     * @param entries every setting one source gave, in order
     * @return the source's layer
     * @throws IllegalArgumentException if two places disagree, or the connection is malformed or incomplete
     */
    static Layer of(List<Setting> entries) {
        Map<OptionKey, Setting> byKey = new EnumMap<>(OptionKey.class);
        for (Setting s : entries) {
            Setting earlier = byKey.putIfAbsent(s.key(), s);
            if (earlier != null) {
                Checks.agree(s.key(), earlier.value(), earlier.origin(), s);
            }
        }
        Setting connectionString = byKey.remove(OptionKey.CONNECTION_STRING);
        Setting host = byKey.remove(OptionKey.HOST);
        Setting port = byKey.remove(OptionKey.PORT);
        Setting database = byKey.remove(OptionKey.DATABASE);
        PgAddress address = null;
        boolean npgsql = true;
        if (connectionString != null) {
            ParsedConnection parsed = parse(connectionString);
            for (Setting s : parsed.settings().values()) {
                String origin = s.origin().replaceFirst("^ConnectionString ", "") + " of " + connectionString.origin();
                Setting located = new Setting(s.key(), s.value(), origin);
                Setting own = byKey.putIfAbsent(s.key(), located);
                if (own != null) {
                    Checks.agree(s.key(), own.value(), own.origin(), located);
                }
            }
            address = parsed.address();
            npgsql = parsed.npgsql();
        } else if (host != null) {
            address = new PgAddress(List.of(), null, null, Map.of());
        } else if (port != null || database != null) {
            Setting given = port != null ? port : database;
            throw new OptionException(given.key().jsonName() + " is set (" + given.origin() + ") but neither Host"
                    + " nor ConnectionString is, in the same source", given.key());
        }
        if (address != null) {
            address = withHost(address, host);
            address = withPort(address, port);
            address = withDatabase(address, database);
            if (address.hosts().isEmpty() && (npgsql || address.port() != null)) {
                throw new OptionException("The connection has no Host: "
                        + (connectionString != null ? connectionString.origin() + " names none" : "set Host"),
                        OptionKey.HOST);
            }
            if (npgsql && address.port() == null) {
                address = address.withPort(PgAddress.DEFAULT_PORT);
            }
        }
        return new Layer(byKey, address);
    }

    private static ParsedConnection parse(Setting connectionString) {
        try {
            return ParsedConnection.parse((String) connectionString.value());
        } catch (IllegalArgumentException e) {
            throw new OptionException(e.getMessage() + " (" + connectionString.origin() + ")",
                    OptionKey.CONNECTION_STRING);
        }
    }

    private static PgAddress withHost(PgAddress address, Setting host) {
        if (host == null) {
            return address;
        }
        List<HostPort> hosts;
        try {
            hosts = HostPort.parseList((String) host.value(), "Host");
        } catch (IllegalArgumentException e) {
            throw new OptionException(e.getMessage() + " (" + host.origin() + ")", OptionKey.HOST);
        }
        if (!address.hosts().isEmpty()) {
            Checks.agree(OptionKey.HOST, lower(address.hosts()), "the connection string",
                    new Setting(OptionKey.HOST, lower(hosts), host.origin()));
            return address;
        }
        return address.withHosts(hosts);
    }

    private static String lower(List<HostPort> hosts) {
        return hosts.toString().toLowerCase(Locale.ROOT).replaceAll("[\\[\\] ]", "");
    }

    private static PgAddress withPort(PgAddress address, Setting port) {
        if (port == null) {
            return address;
        }
        int p = (Integer) port.value();
        if (p < 1 || p > 65535) {
            throw new OptionException("Port must be between 1 and 65535, but was " + p + " (" + port.origin() + ")",
                    OptionKey.PORT);
        }
        if (address.port() != null) {
            Checks.agree(OptionKey.PORT, address.port(), "the connection string", port);
            return address;
        }
        for (HostPort h : address.hosts()) {
            if (h.port() != null) {
                Checks.agree(OptionKey.PORT, h.port(), "the connection string's host " + h, port);
            }
        }
        return address.withPort(p);
    }

    private static PgAddress withDatabase(PgAddress address, Setting database) {
        if (database == null) {
            return address;
        }
        if (address.database() != null) {
            Checks.agree(OptionKey.DATABASE, address.database(), "the connection string", database);
            return address;
        }
        return address.withDatabase((String) database.value());
    }
}
