package dev.ballast.demo;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.DatabaseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The service's {@code appsettings.json}, read as the ported .NET service reads it: a {@code "Database"} section
 * (Ballast's {@link DatabaseOptions}), {@code "ConnectionStrings": {"Default": …}}, and a {@code "Demo"} section
 * for the service itself ({@code BindAddress}, {@code Port}, {@code OpsPort}, {@code OpsToken},
 * {@code MaintenanceIntervalSeconds}).
 * Environment variables override the file, .NET style: {@code DATABASE__MAXPOOLSIZE=50},
 * {@code ConnectionStrings__Default=…}, {@code DEMO__PORT=9090}.
 *
 * <p>Whether a database is configured decides whether the demo starts an embedded PostgreSQL: a connection counts
 * as configured if the file or the environment names a connection string or a host. Immutable.
 */
public final class AppSettings {

    /** Environment variables that configure a connection (compared case-insensitively). */
    static final List<String> CONNECTION_VARIABLES = List.of("CONNECTIONSTRINGS__DEFAULT",
            "DATABASE__CONNECTIONSTRING", "DATABASE_CONNECTION_STRING", "DATABASE__HOST", "DATABASE_HOST");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private final ObjectNode root;
    private final Map<String, String> environment;
    private final String source;

    private AppSettings(ObjectNode root, Map<String, String> environment, String source) {
        this.root = root;
        this.environment = Map.copyOf(environment);
        this.source = source;
    }

    /**
     * @param file the settings file, or null for none; a missing file is an error only if it was named
     * @param required whether {@code file} must exist
     * @param environment the process environment
     * @return the settings
     * @throws IllegalArgumentException if the file is not valid JSON, or is required and missing
     */
    public static AppSettings load(Path file, boolean required, Map<String, String> environment) {
        if (file == null) {
            return new AppSettings(JSON.createObjectNode(), environment, "defaults");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            if (required) {
                throw new IllegalArgumentException("settings file " + file + " does not exist");
            }
            return new AppSettings(JSON.createObjectNode(), environment, "defaults (no " + file + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(text, environment, file.toString());
    }

    /**
     * @param json the settings document
     * @param environment the process environment
     * @param source where it came from, for messages
     * @return the settings
     * @throws IllegalArgumentException if {@code json} is not a JSON object
     */
    public static AppSettings parse(String json, Map<String, String> environment, String source) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        }
        if (!(tree instanceof ObjectNode)) {
            throw new IllegalArgumentException(source + " must hold a JSON object");
        }
        return new AppSettings((ObjectNode) tree, environment, source);
    }

    /** @return where the settings came from, e.g. the file's path */
    public String source() {
        return source;
    }

    /** @return whether the file or the environment names a database to use */
    public boolean hasConnection() {
        return fileConnection().isPresent() || environmentConnection().isPresent();
    }

    /**
     * Ballast's options: the file's {@code Database} section, then the environment over it. With no connection
     * configured, {@code embeddedUrl} and {@code embeddedUser} are the connection.
     *
     * @param embeddedUrl the embedded server's JDBC URL, used only if no connection is configured
     * @param embeddedUser its user
     * @return the options
     * @throws IllegalArgumentException for a bad setting (Ballast names the key and value)
     */
    public DatabaseOptions databaseOptions(String embeddedUrl, String embeddedUser) {
        ObjectNode doc = JSON.createObjectNode();
        JsonNode database = root.get("Database");
        ObjectNode db = database instanceof ObjectNode ? ((ObjectNode) database).deepCopy() : doc.objectNode();
        doc.set("Database", db);
        if (root.has("ConnectionStrings")) {
            doc.set("ConnectionStrings", root.get("ConnectionStrings").deepCopy());
        }
        if (fileConnection().isEmpty()) {
            Optional<Map.Entry<String, String>> fromEnvironment = environmentConnection();
            if (fromEnvironment.isPresent()) {
                // the options need a connection to parse; the environment pass below sets it again, identically
                db.put(fromEnvironment.get().getKey(), fromEnvironment.get().getValue());
            } else {
                if (embeddedUrl == null) {
                    throw new IllegalArgumentException("no database is configured in " + source
                            + " or the environment, and no embedded server was given");
                }
                db.put("ConnectionString", embeddedUrl);
                db.put("Username", embeddedUser);
            }
        }
        return DatabaseOptions.fromJson(doc.toString()).withEnvironment(environment);
    }

    /**
     * Ballast's options for a database the caller started: the file's {@code Database} settings and the environment
     * over them, but any configured connection (file or environment) replaced by {@code url} and {@code user}.
     *
     * @param url the JDBC URL to use
     * @param user the user to connect as
     * @return the options
     * @throws IllegalArgumentException for a bad setting
     */
    public DatabaseOptions embeddedOptions(String url, String user) {
        ObjectNode withoutConnection = root.deepCopy();
        withoutConnection.remove("ConnectionStrings");
        JsonNode database = withoutConnection.get("Database");
        if (database instanceof ObjectNode) {
            ((ObjectNode) database).remove(List.of("ConnectionString", "Host", "Port", "Database", "Username",
                    "Password"));
        }
        Map<String, String> otherVariables = new HashMap<>();
        environment.forEach((k, v) -> {
            String upper = k.toUpperCase(Locale.ROOT);
            boolean connection = CONNECTION_VARIABLES.contains(upper)
                    || upper.matches("DATABASE_{1,2}(PORT|DATABASE|USERNAME|PASSWORD)");
            if (!connection) {
                otherVariables.put(k, v);
            }
        });
        return new AppSettings(withoutConnection, otherVariables, source).databaseOptions(url, user);
    }

    /** @return {@code Demo.BindAddress}, default {@code 127.0.0.1} */
    public String bindAddress() {
        return demoText("BindAddress", "127.0.0.1");
    }

    /** @return {@code Demo.Port}, default 8080 */
    public int port() {
        return demoInt("Port", 8080);
    }

    /** @return {@code Demo.OpsPort}, default 8081 */
    public int opsPort() {
        return demoInt("OpsPort", 8081);
    }

    /**
     * @return {@code Demo.OpsToken} (environment {@code DEMO__OPSTOKEN}): the bearer token that {@code /metrics} and
     *     {@code /dashboard} require; empty when not set
     */
    public Optional<String> opsToken() {
        String token = demoText("OpsToken", null);
        return token == null || token.isBlank() ? Optional.empty() : Optional.of(token.strip());
    }

    /** @return {@code Demo.MaintenanceIntervalSeconds}, default 300 */
    public Duration maintenanceInterval() {
        int seconds = demoInt("MaintenanceIntervalSeconds", 300);
        if (seconds < 1) {
            throw new IllegalArgumentException("Demo.MaintenanceIntervalSeconds must be at least 1, but was "
                    + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private Optional<String> fileConnection() {
        String cs = root.path("ConnectionStrings").path("Default").asText("");
        if (cs.isBlank()) {
            cs = root.path("Database").path("ConnectionString").asText("");
        }
        if (cs.isBlank()) {
            cs = root.path("Database").path("Host").asText("");
        }
        return cs.isBlank() ? Optional.empty() : Optional.of(cs);
    }

    /** @return the {@code Database} key and value of the first connection variable set */
    private Optional<Map.Entry<String, String>> environmentConnection() {
        for (String name : CONNECTION_VARIABLES) {
            Optional<String> value = env(name);
            if (value.isPresent()) {
                return Optional.of(Map.entry(name.endsWith("HOST") ? "Host" : "ConnectionString", value.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> env(String name) {
        return environment.entrySet().stream()
                .filter(e -> e.getKey().toUpperCase(Locale.ROOT).equals(name) && !e.getValue().isBlank())
                .map(Map.Entry::getValue).findFirst();
    }

    private String demoText(String key, String fallback) {
        Optional<String> fromEnv = env("DEMO__" + key.toUpperCase(Locale.ROOT));
        if (fromEnv.isPresent()) {
            return fromEnv.get();
        }
        JsonNode node = root.path("Demo").path(key);
        return node.isMissingNode() || node.isNull() ? fallback : node.asText();
    }

    private int demoInt(String key, int fallback) {
        String text = demoText(key, null);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Demo." + key + " must be a whole number, but was '" + text + "'");
        }
    }
}
