package dev.ballast.internal.config;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.ballast.Secret;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGProperty;

/**
 * Parses a pgjdbc URL ({@code jdbc:postgresql://host[:port][,host[:port]]/database?param=value&…} or
 * {@code jdbc:postgresql:database}). {@code user} and {@code password} become the credentials and
 * {@code ApplicationName} a setting, so that {@code url()} never carries a secret and no value is given twice.
 * Parameters that Ballast sets from its own keys are rejected, and unknown parameters (which pgjdbc would
 * silently ignore) are errors with a did-you-mean.
 */
final class JdbcUrlParser {

    static final String PREFIX = "jdbc:postgresql:";

    /** pgjdbc parameters Ballast sets itself from a key, which the URL would otherwise silently override. */
    private static final Map<String, String> MANAGED = Map.of(
            "prepareThreshold", "AutoPrepareMinUsages (or MaxAutoPrepare=0)",
            "preparedStatementCacheQueries", "MaxAutoPrepare",
            "connectTimeout", "ConnectionTimeoutSeconds",
            "loginTimeout", "ConnectionTimeoutSeconds");

    private static final Set<String> INTERNAL = Set.of("PGHOST", "PGPORT", "PGDBNAME");

    private JdbcUrlParser() {}

    static ParsedConnection parse(String url) {
        if (!url.startsWith(PREFIX)) {
            int colon = url.indexOf(':', 5);
            String scheme = colon < 0 ? "jdbc:" : url.substring(0, colon + 1);
            throw error("must start with " + PREFIX + " (pgjdbc), but starts with " + Values.quote(scheme));
        }
        String rest = url.substring(PREFIX.length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        List<HostPort> hosts = new ArrayList<>();
        String db = rest;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            if (slash < 0) {
                throw error("needs a '/' after the host list, as in jdbc:postgresql://host:5432/database");
            }
            try {
                hosts = HostPort.parseList(rest.substring(2, slash), "JDBC URL host list");
            } catch (IllegalArgumentException e) {
                throw new OptionException(e.getMessage(), OptionKey.CONNECTION_STRING);
            }
            db = rest.substring(slash + 1);
        } else if (rest.contains("/")) {
            throw error("must be jdbc:postgresql://host/database or jdbc:postgresql:database");
        }
        return fromParams(hosts, decode("database name", db, false), query);
    }

    private static ParsedConnection fromParams(List<HostPort> hosts, String db, String query) {
        Map<String, String> params = new LinkedHashMap<>();
        Map<OptionKey, Setting> settings = new EnumMap<>(OptionKey.class);
        Set<String> seen = new HashSet<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            boolean secret = name.toLowerCase(Locale.ROOT).contains("password");
            String value = eq < 0 ? "" : decode("parameter " + name, pair.substring(eq + 1), secret);
            if (!seen.add(name)) {
                throw error("gives parameter '" + name + "' twice");
            }
            check(name);
            switch (name) {
                case "user" -> put(settings, OptionKey.USERNAME, value, name);
                case "password" -> put(settings, OptionKey.PASSWORD, Secret.of(value), name);
                case "ApplicationName" -> put(settings, OptionKey.APPLICATION_NAME, value, name);
                case "loadBalanceHosts" -> put(settings, OptionKey.LOAD_BALANCE_HOSTS,
                        Values.convert(OptionKey.LOAD_BALANCE_HOSTS, TextNode.valueOf(value)), name);
                default -> params.put(name, value);
            }
        }
        return new ParsedConnection(new PgAddress(hosts, null, db.isEmpty() ? null : db, params), false, settings);
    }

    private static void put(Map<OptionKey, Setting> settings, OptionKey key, Object value, String param) {
        settings.put(key, new Setting(key, value, "JDBC URL parameter '" + param + "'"));
    }

    private static void check(String name) {
        if (MANAGED.containsKey(name)) {
            throw error("parameter '" + name + "' is set by Ballast from " + MANAGED.get(name)
                    + "; configure it there instead of in the URL");
        }
        if (PGProperty.forName(name) == null || INTERNAL.contains(name)) {
            List<String> known = new ArrayList<>();
            for (PGProperty p : PGProperty.values()) {
                if (!INTERNAL.contains(p.getName())) {
                    known.add(p.getName());
                }
            }
            throw error("has unknown parameter '" + name + "', which pgjdbc would ignore"
                    + DidYouMean.hint(name, known));
        }
    }

    private static String decode(String what, String raw, boolean secret) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw error(what + " is not properly %-encoded" + (secret ? "" : ": " + Values.quote(raw)));
        }
    }

    private static OptionException error(String problem) {
        return new OptionException("ConnectionString JDBC URL " + problem, OptionKey.CONNECTION_STRING);
    }
}
