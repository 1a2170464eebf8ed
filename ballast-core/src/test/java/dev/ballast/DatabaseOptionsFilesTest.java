package dev.ballast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the ported design's files: JSON exactly as the seed writes it, YAML, properties, by extension. */
class DatabaseOptionsFilesTest {

    /** The seed's appsettings.json, verbatim, plus the connection an ASP.NET app keeps beside it. */
    static final String SEED = """
            {
              "Database": {
                "MinPoolSize": 2,
                "MaxPoolSize": 20,
                "ConnectionLifetimeSeconds": 600,
                "ConnectionIdleLifetimeSeconds": 300,
                "ConnectionTimeoutSeconds": 15,
                "CommandTimeoutSeconds": 30,
                "EnablePooling": true,
                "EnableRetryPolicy": true,
                "RetryCount": 3,
                "RetryDelaySeconds": 2,
                "EnableCircuitBreaker": true,
                "CircuitBreakerThreshold": 5,
                "CircuitBreakerDurationSeconds": 60
              },
              "ConnectionStrings": {
                "Default": "Host=localhost;Port=5432;Database=tickets;Username=app;Password=hunter2"
              },
              "Logging": { "LogLevel": { "Default": "Information" } },
              "AllowedHosts": "*"
            }
            """;

    @TempDir
    Path dir;

    @Test
    void seedFileLoadsAsWritten() throws IOException {
        Path file = Files.writeString(dir.resolve("appsettings.json"), SEED);
        DatabaseOptions o = DatabaseOptions.fromJson(file);
        assertThat(o).isEqualTo(DatabaseOptions.builder()
                .url("jdbc:postgresql://localhost:5432/tickets").username("app").password("hunter2").build());
        assertThat(o.url()).isEqualTo("jdbc:postgresql://localhost:5432/tickets");
        assertThat(o.password().reveal()).isEqualTo("hunter2");
    }

    @Test
    void absentKeysTakeTheirDefaults() {
        DatabaseOptions o = DatabaseOptions.fromJson(Json.database("'MaxPoolSize': 50"));
        assertThat(o.maxPoolSize()).isEqualTo(50);
        assertThat(o).isEqualTo(DatabaseOptions.builder().url(Json.CONNECTION).maxPoolSize(50).build());
    }

    @Test
    void connectionFromHostPortDatabaseKeys() {
        DatabaseOptions o = DatabaseOptions.fromJson(Json.of("{'Database': {'Host': 'db1', 'Port': 6432,"
                + " 'Database': 'tickets', 'Username': 'app', 'Password': 'hunter2'}}"));
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db1:6432/tickets");
        assertThat(o.username()).isEqualTo("app");
        assertThat(o.password().reveal()).isEqualTo("hunter2");
        assertThat(DatabaseOptions.fromJson(Json.of("{'Database': {'Host': 'db1'}}")).url())
                .isEqualTo("jdbc:postgresql://db1:5432/");
    }

    @Test
    void connectionStringKeysFillWhatTheStringLeavesOut() {
        DatabaseOptions o = DatabaseOptions.fromJson(Json.of("{'Database': {'ConnectionString':"
                + " 'Host=db;Database=tickets', 'Username': 'app', 'Password': 'hunter2', 'Port': 6432}}"));
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db:6432/tickets");
        assertThat(o.username()).isEqualTo("app");
        assertThat(o.password().reveal()).isEqualTo("hunter2");
    }

    @Test
    void connectionStringInEitherPlaceAndBothWhenEqual() {
        String both = Json.of("{'Database': {'ConnectionString': 'Host=db'}, 'ConnectionStrings': {'Default':"
                + " 'Host=db'}}");
        assertThat(DatabaseOptions.fromJson(both).url()).isEqualTo("jdbc:postgresql://db:5432/");
        assertThat(DatabaseOptions.fromJson(Json.of("{'ConnectionStrings': {'Default': 'Host=db'}}")).url())
                .isEqualTo("jdbc:postgresql://db:5432/");
    }

    @Test
    void jsonAsDotNetReadsIt_commentsTrailingCommasCaseInsensitiveKeysQuotedNumbers() {
        String json = """
                // appsettings.Development.json
                {
                  "database": {
                    /* .NET binds keys case-insensitively and numbers from strings */
                    "maxPoolSize": "40",
                    "ENABLEPOOLING": "True",
                    "connectionString": "Host=db",
                  },
                }
                """;
        DatabaseOptions o = DatabaseOptions.fromJson(json);
        assertThat(o.maxPoolSize()).isEqualTo(40);
        assertThat(o.enablePooling()).isTrue();
    }

    @Test
    void sameKeyInTwoSpellingsIsFineWhenEqual() {
        DatabaseOptions o = DatabaseOptions.fromJson(Json.database("'MaxPoolSize': 40, 'maxpoolsize': 40"));
        assertThat(o.maxPoolSize()).isEqualTo(40);
    }

    @Test
    void fractionalSecondsBecomeMilliseconds() {
        DatabaseOptions o = DatabaseOptions.fromJson(Json.database(
                "'RetryDelaySeconds': 0.5, 'ConnectionTimeoutSeconds': '2.75', 'CommandTimeoutSeconds': 1e1"));
        assertThat(o.retryDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.connectionTimeout()).isEqualTo(Duration.ofMillis(2750));
        assertThat(o.commandTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void yamlFileWithTheSameShape() throws IOException {
        Path file = Files.writeString(dir.resolve("ballast.yaml"), """
                # the same section as appsettings.json
                Database:
                  MaxPoolSize: 30
                  RetryDelaySeconds: 0.25
                  BackoffType: Constant
                  AdditionalTransientSqlStates: [57014, "55P03"]
                ConnectionStrings:
                  Default: "Host=db;Database=tickets;Username=app;Password=hunter2"
                """);
        DatabaseOptions o = DatabaseOptions.fromYaml(file);
        assertThat(o.maxPoolSize()).isEqualTo(30);
        assertThat(o.retryDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(o.additionalTransientSqlStates()).containsExactly("57014", "55P03");
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db:5432/tickets");
        assertThat(DatabaseOptions.fromFile(file)).isEqualTo(o);
        Path yml = Files.writeString(dir.resolve("ballast.yml"), Files.readString(file));
        assertThat(DatabaseOptions.fromFile(yml)).isEqualTo(o);
    }

    @Test
    void propertiesFileBothStyles() throws IOException {
        Path file = Files.writeString(dir.resolve("ballast.properties"), """
                # both spellings work
                database.max-pool-size=30
                Database.RetryCount=5
                connectionstrings.default=Host=db;Database=tickets
                spring.datasource.url=ignored, it is not Ballast's
                """);
        DatabaseOptions o = DatabaseOptions.fromFile(file);
        assertThat(o.maxPoolSize()).isEqualTo(30);
        assertThat(o.retryCount()).isEqualTo(5);
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db:5432/tickets");
    }

    @Test
    void propertiesListInIndexedForm() {
        Properties p = new Properties();
        p.setProperty("ConnectionStrings.Default", "Host=db");
        p.setProperty("database.additional-transient-sql-states[1]", "55P03");
        p.setProperty("database.additional-transient-sql-states[0]", "57014");
        assertThat(DatabaseOptions.fromProperties(p).additionalTransientSqlStates()).containsExactly("57014", "55P03");
    }

    @Test
    void jsonFileByExtension() throws IOException {
        Path file = Files.writeString(dir.resolve("appsettings.JSON"), SEED);
        assertThat(DatabaseOptions.fromFile(file)).isEqualTo(DatabaseOptions.fromJson(SEED));
    }

    @Test
    void unreadableInputsNameThePath() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> DatabaseOptions.fromJson(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Configuration file not found: " + missing.toAbsolutePath());
        assertThatThrownBy(() -> DatabaseOptions.fromJson(dir)).hasMessageContaining("is a directory");
    }
}
