package dev.ballast.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the settings of a JSON or YAML tree shaped like a .NET {@code appsettings.json}: the
 * {@code "Database"} section and {@code "ConnectionStrings": {"Default": …}}. Section and key names are
 * case-insensitive, as in .NET configuration. Other top-level sections belong to the application and are ignored;
 * a Ballast key written at the top level by mistake is an error.
 */
final class JsonSource {

    private JsonSource() {}

    /**
     * @param root the document
     * @param source how messages name the document, e.g. the file's path
     * @return the settings, typed, each with its origin
     * @throws IllegalArgumentException for an unknown key, a value of the wrong type, or a misplaced key
     */
    static List<Setting> read(JsonNode root, String source) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("The configuration in " + source + " must be an object with a"
                    + " \"Database\" section, but was " + Values.describe(null, root));
        }
        List<Setting> settings = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            String normalized = OptionKey.normalize(name);
            if (normalized.equals("database")) {
                section(field.getValue(), name, source, settings);
            } else if (normalized.equals("connectionstrings")) {
                connectionStrings(field.getValue(), name, source, settings);
            } else {
                OptionKey misplaced = OptionKey.find(name);
                if (misplaced != null && !misplaced.isConnection()) {
                    throw new IllegalArgumentException(name + " is at the top level of " + source
                            + "; Ballast reads it from the \"Database\" section");
                }
            }
        }
        return settings;
    }

    private static void section(JsonNode database, String name, String source, List<Setting> out) {
        if (!database.isObject()) {
            throw new IllegalArgumentException(name + " in " + source + " must be an object, but was "
                    + Values.describe(null, database));
        }
        for (Map.Entry<String, JsonNode> field : database.properties()) {
            OptionKey key = OptionKey.find(field.getKey());
            if (key == null) {
                throw new IllegalArgumentException("Unknown key " + name + "." + field.getKey() + " in " + source
                        + DidYouMean.hint(field.getKey(), jsonNames()));
            }
            out.add(Sources.setting(key, field.getValue(), name + "." + field.getKey() + " in " + source));
        }
    }

    private static void connectionStrings(JsonNode strings, String name, String source, List<Setting> out) {
        if (!strings.isObject()) {
            throw new IllegalArgumentException(name + " in " + source + " must be an object, but was "
                    + Values.describe(null, strings));
        }
        for (Map.Entry<String, JsonNode> field : strings.properties()) {
            if (OptionKey.normalize(field.getKey()).equals("default")) {
                out.add(Sources.setting(OptionKey.CONNECTION_STRING, field.getValue(),
                        name + "." + field.getKey() + " in " + source));
            }
        }
    }

    /** @return every key's JSON name */
    static List<String> jsonNames() {
        List<String> names = new ArrayList<>();
        for (OptionKey key : OptionKey.values()) {
            names.add(key.jsonName());
        }
        return names;
    }
}
