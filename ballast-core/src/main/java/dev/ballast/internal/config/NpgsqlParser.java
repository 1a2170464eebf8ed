package dev.ballast.internal.config;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.ballast.Secret;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses an Npgsql connection string ({@code Host=db;Port=5432;Database=app;Username=u;Password=p;…}) by the
 * rules of .NET's {@code DbConnectionStringBuilder}: {@code keyword=value} pairs separated by {@code ;}, keywords
 * case-insensitive with spaces optional, values optionally in {@code "…"} or {@code '…'} with a doubled quote
 * standing for one. Unlike .NET, a keyword given twice is an error rather than "last one wins".
 *
 * <p>No message ever contains a password, or a fragment that might be one: text that follows a password in a
 * malformed string is described, not shown.
 */
final class NpgsqlParser {

    /** One {@code keyword=value} pair, the keyword as written. */
    private record Pair(String keyword, String value) {}

    private final String text;
    private int pos;
    private boolean afterSecret;

    private NpgsqlParser(String text) {
        this.text = text;
    }

    static ParsedConnection parse(String text) {
        return new NpgsqlParser(text).parse();
    }

    private ParsedConnection parse() {
        Map<NpgsqlKeyword, String> seen = new EnumMap<>(NpgsqlKeyword.class);
        Map<OptionKey, Setting> settings = new EnumMap<>(OptionKey.class);
        Map<String, String> params = new LinkedHashMap<>();
        List<HostPort> hosts = new ArrayList<>();
        Integer port = null;
        String database = null;
        Pair pair;
        while ((pair = next()) != null) {
            String written = pair.keyword();
            String value = pair.value();
            NpgsqlKeyword k = NpgsqlKeyword.find(written);
            if (k == null) {
                throw error(afterSecret
                        ? "has an unknown keyword right after a password (not shown; if the password contains ';',"
                                + " put it in double quotes)"
                        : "has unknown keyword '" + written + "'"
                                + DidYouMean.hint(written, NpgsqlKeyword.canonicalNames()));
            }
            String earlier = seen.put(k, written);
            if (earlier != null) {
                throw error("gives " + k.canonical() + " twice ('" + earlier + "' and '" + written + "')");
            }
            afterSecret = k.secret();
            String what = "ConnectionString keyword '" + written + "'";
            try {
                switch (k.target()) {
                    case HOST -> hosts = HostPort.parseList(value, what);
                    case PORT -> port = HostPort.port(value, what);
                    case DATABASE -> database = value.isEmpty() ? null : value;
                    case USERNAME -> settings.put(OptionKey.USERNAME, new Setting(OptionKey.USERNAME, value, what));
                    case PASSWORD -> settings.put(OptionKey.PASSWORD,
                            new Setting(OptionKey.PASSWORD, Secret.of(value), what));
                    case SETTING -> settings.put(k.setting(), setting(k.setting(), value, what));
                    case JDBC -> {
                        String translated = k.translate(value);
                        if (translated != null) {
                            params.put(k.jdbcParam(), translated);
                        }
                    }
                    case FALSE_ONLY -> {
                        if (NpgsqlValues.bool(value).equals("true")) {
                            throw new IllegalArgumentException("must be false (" + k.reason() + "), but was true");
                        }
                    }
                    case UNSUPPORTED -> throw new IllegalArgumentException(
                            "is an Npgsql keyword Ballast does not support: " + k.reason());
                }
            } catch (OptionException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                throw error(m.startsWith(what) ? m.substring("ConnectionString ".length())
                        : "keyword '" + written + "' " + m);
            }
        }
        PgAddress address = new PgAddress(hosts, port, database, params);
        return new ParsedConnection(address, true, settings);
    }

    private static Setting setting(OptionKey key, String value, String what) {
        try {
            return new Setting(key, Values.convert(key, TextNode.valueOf(value)), what);
        } catch (OptionException e) {
            throw new OptionException(e.getMessage() + " (" + what + ")", key, OptionKey.CONNECTION_STRING);
        }
    }

    /** @return the next pair, or null at the end */
    private Pair next() {
        while (pos < text.length() && (text.charAt(pos) == ';' || Character.isWhitespace(text.charAt(pos)))) {
            pos++;
        }
        if (pos >= text.length()) {
            return null;
        }
        StringBuilder keyword = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == ';') {
                throw error(afterSecret
                        ? "has a part without '=' right after a password (not shown; if the password contains ';',"
                                + " put it in double quotes)"
                        : "has a part without '=': " + Values.quote(keyword.toString().trim()));
            }
            char c = text.charAt(pos++);
            if (c == '=') {
                if (pos < text.length() && text.charAt(pos) == '=') {
                    keyword.append('=');
                    pos++;
                    continue;
                }
                break;
            }
            keyword.append(c);
        }
        String name = keyword.toString().trim();
        if (name.isEmpty()) {
            throw error("has a '=' with no keyword before it");
        }
        return new Pair(name, value(name));
    }

    private String value(String keyword) {
        while (pos < text.length() && text.charAt(pos) != ';' && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        if (pos >= text.length() || (text.charAt(pos) != '"' && text.charAt(pos) != '\'')) {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != ';') {
                pos++;
            }
            return text.substring(start, pos).trim();
        }
        char quote = text.charAt(pos++);
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("has an unclosed " + quote + " in the value of '" + keyword + "'");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                if (pos < text.length() && text.charAt(pos) == quote) {
                    value.append(quote);
                    pos++;
                    continue;
                }
                break;
            }
            value.append(c);
        }
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) != ';') {
            throw error("has text after the quoted value of '" + keyword + "' (not shown)");
        }
        return value.toString();
    }

    private static OptionException error(String problem) {
        return new OptionException("ConnectionString " + problem, OptionKey.CONNECTION_STRING);
    }
}
