package dev.ballast.internal.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads settings from flat name/value pairs: {@code .properties} ({@code database.max-pool-size},
 * {@code Database.MaxPoolSize}, {@code connectionstrings.default}) or environment variables
 * ({@code DATABASE__MAXPOOLSIZE} as .NET writes them, {@code DATABASE_MAX_POOL_SIZE}, {@code CONNECTIONSTRINGS__DEFAULT}).
 * Names are case-insensitive. A list key also takes indexed entries: {@code database.additional-transient-sql-states[0]}
 * or {@code DATABASE__ADDITIONALTRANSIENTSQLSTATES__0}.
 */
final class FlatSource {

    /** How a source names its keys. */
    enum Style { PROPERTIES, ENVIRONMENT }

    /**
     * A name split into its section and key.
     *
     * @param section {@code database} or {@code connectionstrings}
     * @param key the rest of the name
     * @param strict whether an unknown key is an error even if it is not a near miss
     */
    private record Name(String section, String key, boolean strict) {}

    private static final Pattern PROPERTY_INDEX = Pattern.compile("(.*?)(?:\\[(\\d+)]|\\.(\\d+))");
    private static final Pattern ENV_INDEX = Pattern.compile("(.*?)__(\\d+)");

    private final Style style;
    private final String prefix;
    private final List<Setting> settings = new ArrayList<>();
    private final Map<OptionKey, TreeMap<Integer, String>> indexed = new EnumMap<>(OptionKey.class);
    private final Map<OptionKey, String> indexedOrigin = new EnumMap<>(OptionKey.class);

    private FlatSource(Style style, String prefix) {
        this.style = style;
        this.prefix = prefix;
    }

    /**
     * @param pairs the names and values
     * @param style how the names are written
     * @return the settings, typed, each with its origin
     * @throws IllegalArgumentException for an unknown key in the Database section, or a value of the wrong type
     */
    static List<Setting> read(Map<String, String> pairs, Style style) {
        return read(pairs, style, null);
    }

    /**
     * Reads properties named {@code prefix.key} only (a framework's own section, such as
     * {@code spring.datasource.ballast}): every other property is ignored, an unknown key under the prefix is an
     * error, and so is a connection key, since such a source carries settings but not the connection.
     *
     * @param pairs the names and values
     * @param prefix the section, without the trailing dot
     * @return the settings, typed, each with its origin
     * @throws IllegalArgumentException for an unknown or connection key under the prefix, or a value of the wrong
     *     type
     */
    static List<Setting> readPrefixed(Map<String, String> pairs, String prefix) {
        return read(pairs, Style.PROPERTIES, prefix);
    }

    private static List<Setting> read(Map<String, String> pairs, Style style, String prefix) {
        FlatSource source = new FlatSource(style, prefix);
        pairs.forEach(source::entry);
        source.indexed.forEach((key, items) -> {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            items.values().forEach(array::add);
            source.settings.add(Sources.setting(key, array, source.indexedOrigin.get(key)));
        });
        return source.settings;
    }

    private void entry(String name, String value) {
        String origin = (style == Style.PROPERTIES ? "property " : "environment variable ") + name;
        Name split = prefix != null ? splitPrefixed(name)
                : style == Style.PROPERTIES ? splitProperty(name) : splitVariable(name);
        if (split == null) {
            return;
        }
        String rest = split.key();
        if (split.section().equals("connectionstrings")) {
            if (OptionKey.normalize(rest).equals("default")) {
                settings.add(Sources.setting(OptionKey.CONNECTION_STRING, TextNode.valueOf(value), origin));
            }
            return;
        }
        Matcher index = (style == Style.PROPERTIES ? PROPERTY_INDEX : ENV_INDEX).matcher(rest);
        String keyName = index.matches() ? index.group(1) : rest;
        OptionKey key = OptionKey.find(keyName);
        if (key == null) {
            unknown(name, keyName, split.strict());
            return;
        }
        if (prefix != null && key.isConnection()) {
            throw new IllegalArgumentException("Property " + name + " names the connection, which is not read from "
                    + prefix + ".*: give the JDBC URL, user name and password where the application configures its"
                    + " connection");
        }
        if (!index.matches()) {
            settings.add(Sources.setting(key, TextNode.valueOf(value), origin));
            return;
        }
        if (key.kind() != Kind.SQLSTATES) {
            throw new IllegalArgumentException(key.jsonName() + " is not a list, so " + origin
                    + " cannot give it an index");
        }
        int i = Integer.parseInt(index.group(2) != null ? index.group(2) : index.group(3));
        if (indexed.computeIfAbsent(key, k -> new TreeMap<>()).put(i, value) != null) {
            throw new IllegalArgumentException(key.jsonName() + " index " + i + " is given twice (" + origin + ")");
        }
        indexedOrigin.merge(key, origin, (a, b) -> a + ", " + b);
    }

    private void unknown(String name, String keyName, boolean strict) {
        Optional<String> near = DidYouMean.suggest(keyName, JsonSource.jsonNames());
        if (strict || near.isPresent()) {
            String hint = near.map(n -> " (did you mean " + spell(name, OptionKey.find(n)) + "?)").orElse("");
            throw new IllegalArgumentException("Unknown " + (style == Style.PROPERTIES ? "property " : "environment"
                    + " variable ") + name + hint);
        }
    }

    /** @return the key spelt the way {@code like} is spelt, for suggestions */
    private String spell(String like, OptionKey key) {
        if (style == Style.ENVIRONMENT) {
            return like.contains("__") ? "DATABASE__" + key.jsonName().toUpperCase(Locale.ROOT)
                    : "DATABASE_" + key.snakeName();
        }
        if (prefix != null) {
            return prefix + "." + key.kebabName();
        }
        String section = like.substring(0, like.indexOf('.') + 1);
        return section + (like.contains("-") ? key.kebabName() : key.jsonName());
    }

    /** @return the name split, or null if the property is not under the prefix */
    private Name splitPrefixed(String name) {
        String lead = prefix + ".";
        return name.regionMatches(true, 0, lead, 0, lead.length())
                ? new Name("database", name.substring(lead.length()), true) : null;
    }

    /** @return the name split, or null if the property is not Ballast's */
    private static Name splitProperty(String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            OptionKey key = OptionKey.find(name);
            if (key != null && !key.isConnection()) {
                throw new IllegalArgumentException("Property " + name + " must be written database." + name
                        + " (Ballast reads the database section)");
            }
            return null;
        }
        String section = OptionKey.normalize(name.substring(0, dot));
        boolean ours = section.equals("database") || section.equals("connectionstrings");
        return ours ? new Name(section, name.substring(dot + 1), true) : null;
    }

    /**
     * @return the name split, or null if the variable is not Ballast's; only the .NET form ({@code __}) is strict,
     *     since {@code DATABASE_…} names are common for other purposes
     */
    private static Name splitVariable(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String section : new String[] {"DATABASE", "CONNECTIONSTRINGS"}) {
            if (upper.startsWith(section + "__")) {
                return new Name(section.toLowerCase(Locale.ROOT), name.substring(section.length() + 2), true);
            }
            if (upper.startsWith(section + "_")) {
                return new Name(section.toLowerCase(Locale.ROOT), name.substring(section.length() + 1), false);
            }
        }
        return null;
    }
}
