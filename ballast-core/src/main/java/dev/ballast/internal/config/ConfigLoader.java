package dev.ballast.internal.config;

import dev.ballast.DatabaseOptions;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@link DatabaseOptions} from files, properties and the environment: each source becomes a {@link Layer},
 * layers are stacked (defaults, then file, then environment), and the result goes through the public builder so
 * that its checks are the only checks. Errors name where the offending value came from.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOptions.class);

    private ConfigLoader() {}

    /**
     * As {@link DatabaseOptions#fromJson(Path)}.
     *
     * @param file the file
     * @return the options
     */
    public static DatabaseOptions fromJson(Path file) {
        return build(DatabaseOptions.builder(), jsonLayer(read(file), file.toString()));
    }

    /**
     * As {@link DatabaseOptions#fromJson(String)}.
     *
     * @param json the JSON text
     * @return the options
     */
    public static DatabaseOptions fromJson(String json) {
        return build(DatabaseOptions.builder(), jsonLayer(json, "JSON text"));
    }

    /**
     * As {@link DatabaseOptions#fromYaml(Path)}.
     *
     * @param file the file
     * @return the options
     */
    public static DatabaseOptions fromYaml(Path file) {
        return build(DatabaseOptions.builder(), yamlLayer(file));
    }

    /**
     * As {@link DatabaseOptions#fromYaml(String)}.
     *
     * @param yaml the YAML text
     * @return the options
     */
    public static DatabaseOptions fromYaml(String yaml) {
        return build(DatabaseOptions.builder(),
                Layer.of(JsonSource.read(YamlSupport.detect().read(yaml, "YAML text"), "YAML text")));
    }

    /**
     * As {@link DatabaseOptions#fromFile(Path)}.
     *
     * @param file the file
     * @return the options
     */
    public static DatabaseOptions fromFile(Path file) {
        return build(DatabaseOptions.builder(), fileLayer(file));
    }

    /**
     * As {@link DatabaseOptions#fromProperties(Properties)}.
     *
     * @param properties the properties
     * @return the options
     */
    public static DatabaseOptions fromProperties(Properties properties) {
        return build(DatabaseOptions.builder(), propertiesLayer(properties));
    }

    /**
     * As {@link DatabaseOptions#fromEnvironment(Map)}.
     *
     * @param environment the environment variables
     * @return the options
     */
    public static DatabaseOptions fromEnvironment(Map<String, String> environment) {
        return build(DatabaseOptions.builder(), environmentLayer(environment));
    }

    /**
     * As {@link DatabaseOptions#withEnvironment(Map)}.
     *
     * @param base the options to override
     * @param environment the environment variables
     * @return the options
     */
    public static DatabaseOptions withEnvironment(DatabaseOptions base, Map<String, String> environment) {
        return build(base.toBuilder(), environmentLayer(environment));
    }

    /**
     * As {@link DatabaseOptions#load(Path, Map)}; logs the result (password masked) at INFO.
     *
     * @param file the file
     * @param environment the environment variables
     * @return the options
     */
    public static DatabaseOptions load(Path file, Map<String, String> environment) {
        Layer env = environmentLayer(environment);
        DatabaseOptions options = build(DatabaseOptions.builder(), env.over(fileLayer(file)));
        if (LOG.isInfoEnabled()) {
            StringJoiner overrides = new StringJoiner(", ", "[", "]");
            env.settings().values().forEach(s -> overrides.add(s.origin()));
            if (env.address() != null) {
                overrides.add("the connection address");
            }
            LOG.info("Ballast options loaded from {} with environment overrides {}: {}", file, overrides, options);
        }
        return options;
    }

    /**
     * Applies one setting through the builder's public setter, adding its origin to any error.
     *
     * @param builder the builder
     * @param setting the setting
     * @throws IllegalArgumentException if the setter rejects the value
     */
    public static void apply(DatabaseOptions.Builder builder, Setting setting) {
        try {
            setting.key().apply(builder, setting.value());
        } catch (IllegalArgumentException e) {
            throw new OptionException(e.getMessage() + " (" + setting.origin() + ")", setting.key());
        }
    }

    /**
     * As {@link DatabaseOptions.Builder#properties(Map, String)}.
     *
     * @param builder the builder to apply the settings to
     * @param properties the properties
     * @param prefix the section, without the trailing dot
     */
    public static void applyPrefixed(DatabaseOptions.Builder builder, Map<String, String> properties, String prefix) {
        Layer.of(FlatSource.readPrefixed(properties, prefix)).settings().values().forEach(s -> apply(builder, s));
    }

    private static DatabaseOptions build(DatabaseOptions.Builder builder, Layer layer) {
        layer.settings().values().forEach(s -> apply(builder, s));
        if (layer.address() != null) {
            builder.url(layer.address().toJdbcUrl());
        }
        try {
            return builder.build();
        } catch (OptionException e) {
            StringJoiner origins = new StringJoiner("; ", " (", ")").setEmptyValue("");
            for (OptionKey key : e.keys()) {
                Setting s = layer.settings().get(key);
                if (s != null) {
                    origins.add(key.jsonName() + " from " + s.origin());
                }
            }
            throw new OptionException(e.getMessage() + origins, e.keys().toArray(new OptionKey[0]));
        }
    }

    private static Layer fileLayer(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return jsonLayer(read(file), file.toString());
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return yamlLayer(file);
        }
        if (name.endsWith(".properties")) {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(read(file)));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("Malformed properties file " + file + ": " + e.getMessage());
            }
            return propertiesLayer(properties);
        }
        throw new IllegalArgumentException("Configuration file " + file + " must end in .json, .yaml, .yml or"
                + " .properties, to say its format");
    }

    private static Layer jsonLayer(String json, String source) {
        return Layer.of(JsonSource.read(TreeReader.json(json, source), source));
    }

    private static Layer yamlLayer(Path file) {
        YamlSupport yaml = YamlSupport.detect();
        if (!yaml.available()) {
            throw new IllegalArgumentException(YamlSupport.missingMessage(file.toString()));
        }
        return Layer.of(JsonSource.read(yaml.read(read(file), file.toString()), file.toString()));
    }

    private static Layer propertiesLayer(Properties properties) {
        Map<String, String> pairs = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            pairs.put(name, properties.getProperty(name));
        }
        return Layer.of(FlatSource.read(pairs, FlatSource.Style.PROPERTIES));
    }

    private static Layer environmentLayer(Map<String, String> environment) {
        return Layer.of(FlatSource.read(environment, FlatSource.Style.ENVIRONMENT));
    }

    /**
     * @param file a configuration file
     * @return its text, read as UTF-8
     * @throws IllegalArgumentException if it does not exist, is a directory, cannot be read or is not UTF-8
     * @throws UncheckedIOException for another I/O failure
     */
    static String read(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("Configuration file " + file.toAbsolutePath() + " is a directory");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Configuration file not found: " + file.toAbsolutePath());
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("Configuration file " + file.toAbsolutePath() + " cannot be read:"
                    + " permission denied");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Configuration file " + file.toAbsolutePath() + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read configuration file " + file.toAbsolutePath(), e);
        }
    }
}
