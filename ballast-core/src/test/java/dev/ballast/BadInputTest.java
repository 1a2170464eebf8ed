package dev.ballast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input is an IllegalArgumentException whose message names the key and the offending value (and where
 * it came from); nothing is corrected silently. One row per distinct mistake.
 */
class BadInputTest {

    private static Arguments bad(String name, ThrowingCallable call, String... fragments) {
        return Arguments.of(name, call, fragments);
    }

    private static ThrowingCallable json(String relaxed) {
        return () -> DatabaseOptions.fromJson(Json.of(relaxed));
    }

    private static ThrowingCallable database(String members) {
        return () -> DatabaseOptions.fromJson(Json.database(members));
    }

    private static ThrowingCallable url(String connectionString) {
        return () -> DatabaseOptions.builder().url(connectionString).build();
    }

    private static ThrowingCallable env(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("CONNECTIONSTRINGS__DEFAULT", Json.CONNECTION);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return () -> DatabaseOptions.fromEnvironment(env);
    }

    private static ThrowingCallable properties(String name, String value) {
        Properties p = new Properties();
        p.setProperty("connectionstrings.default", Json.CONNECTION);
        p.setProperty(name, value);
        return () -> DatabaseOptions.fromProperties(p);
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                // Unknown keys, with did-you-mean where there is a near miss
                bad("unknown key, near miss", database("'MaxPoolSise': 20"),
                        "Unknown key Database.MaxPoolSise in JSON text", "(did you mean MaxPoolSize?)"),
                bad("unknown key, transposed letters", database("'RetyrCount': 2"), "did you mean RetryCount?"),
                bad("unknown key, nothing near", database("'Colour': 'blue'"), "Unknown key Database.Colour"),
                bad("Ballast key outside the Database section", json("{'MaxPoolSize': 20, 'Database': {}}"),
                        "MaxPoolSize is at the top level of JSON text", "\"Database\" section"),
                bad("unknown environment variable, .NET style", env("DATABASE__MAXPOOLSISE", "7"),
                        "Unknown environment variable DATABASE__MAXPOOLSISE",
                        "did you mean DATABASE__MAXPOOLSIZE?"),
                bad("near-miss environment variable, snake style", env("DATABASE_RETRY_CONT", "7"),
                        "Unknown environment variable DATABASE_RETRY_CONT", "did you mean DATABASE_RETRY_COUNT?"),
                bad("unknown property", properties("database.max-pool-sise", "7"),
                        "Unknown property database.max-pool-sise", "did you mean database.max-pool-size?"),
                bad("property without its section", properties("max-pool-size", "7"),
                        "Property max-pool-size must be written database.max-pool-size"),
                bad("index on a key that is not a list", env("DATABASE__MAXPOOLSIZE__0", "7"),
                        "MaxPoolSize is not a list", "DATABASE__MAXPOOLSIZE__0"),

                // Wrong types
                bad("text for a number", database("'MaxPoolSize': 'twenty'"),
                        "MaxPoolSize must be a whole number, but was \"twenty\" (Database.MaxPoolSize in JSON text)"),
                bad("fraction for a whole number", database("'RetryCount': 2.5"),
                        "RetryCount must be a whole number, but was 2.5"),
                bad("number beyond int", database("'MaxPoolSize': 3000000000"),
                        "MaxPoolSize must be a whole number, but was 3000000000"),
                bad("yes for a boolean", database("'EnablePooling': 'yes'"),
                        "EnablePooling must be true or false, but was \"yes\""),
                bad("1 for a boolean", database("'EnableRetryPolicy': 1"),
                        "EnableRetryPolicy must be true or false, but was 1"),
                bad("null value", database("'MaxPoolSize': null"), "MaxPoolSize must be a whole number, but was null"),
                bad("object for a number", database("'RetryDelaySeconds': {'Value': 2}"),
                        "RetryDelaySeconds must be a number of seconds, but was an object"),
                bad("number for a string", database("'PoolName': 7"), "PoolName must be a string, but was 7"),
                bad("unknown backoff type", database("'BackoffType': 'Fibonacci'"),
                        "BackoffType must be one of Constant, Linear, Exponential, but was \"Fibonacci\""),
                bad("seconds finer than a nanosecond", database("'RetryDelaySeconds': 0.0000000001"),
                        "RetryDelaySeconds must be a number of seconds with at most 9 decimals", "0.0000000001"),
                bad("wrong type from the environment", env("DATABASE_MAX_POOL_SIZE", "twenty"),
                        "MaxPoolSize must be a whole number, but was \"twenty\"",
                        "(environment variable DATABASE_MAX_POOL_SIZE)"),
                bad("Database section not an object", json("{'Database': 5}"), "Database in JSON text must be an object, but was 5"),
                bad("document not an object", json("[1, 2]"), "must be an object", "but was an array"),

                // Out of range
                bad("negative minimum", database("'MinPoolSize': -1"), "MinPoolSize must be at least 0, but was -1"),
                bad("zero maximum", database("'MaxPoolSize': 0"), "MaxPoolSize must be at least 1, but was 0"),
                bad("zero connection timeout", database("'ConnectionTimeoutSeconds': 0"),
                        "ConnectionTimeoutSeconds must be greater than 0, but was 0"),
                bad("negative command timeout", database("'CommandTimeoutSeconds': -5"),
                        "CommandTimeoutSeconds must not be negative, but was -5"),
                bad("zero circuit breaker threshold", database("'CircuitBreakerThreshold': 0"),
                        "CircuitBreakerThreshold must be at least 1, but was 0"),
                bad("failure ratio above 1", database("'FailureRatio': 1.5"),
                        "FailureRatio must be greater than 0 and at most 1, but was 1.5"),
                bad("failure ratio of 0", database("'FailureRatio': 0"),
                        "FailureRatio must be greater than 0 and at most 1, but was 0.0"),
                bad("negative retry count", database("'RetryCount': -1"), "RetryCount must be between 0 and 100, but was -1"),
                bad("zero auto-prepare uses", database("'AutoPrepareMinUsages': 0"),
                        "AutoPrepareMinUsages must be at least 1, but was 0"),
                bad("malformed SQLSTATE", database("'AdditionalTransientSqlStates': ['5701']"),
                        "AdditionalTransientSqlStates entries must be SQLSTATE codes", "but one was \"5701\""),
                bad("lower-case SQLSTATE", database("'AdditionalTransientSqlStates': '57014,55p03'"),
                        "but one was \"55p03\""),
                bad("repeated SQLSTATE", database("'AdditionalTransientSqlStates': ['57014', '57014']"),
                        "AdditionalTransientSqlStates lists 57014 twice"),
                bad("application name PostgreSQL would truncate", database("'ApplicationName': '" + "x".repeat(64) + "'"),
                        "ApplicationName must be at most 63 bytes", "but was 64 bytes"),
                bad("blank pool name", database("'PoolName': '  '"), "PoolName must not be blank, but was \"  \""),
                bad("port out of range", json("{'Database': {'Host': 'db', 'Port': 70000}}"),
                        "Port must be between 1 and 65535, but was 70000"),

                // Combinations
                bad("min above max", database("'MinPoolSize': 30"),
                        "MinPoolSize must be at most MaxPoolSize (20), but was 30"),
                bad("retry delay above its cap", database("'RetryDelaySeconds': 5, 'MaxRetryDelaySeconds': 1"),
                        "MaxRetryDelaySeconds must be at least RetryDelaySeconds (5), but was 1"),
                bad("same key twice, different values", database("'MaxPoolSize': 20, 'maxPoolSize': 30"),
                        "MaxPoolSize is given twice with different values: 20 by Database.MaxPoolSize in JSON text"
                                + " and 30 by Database.maxPoolSize in JSON text"),
                bad("connection string keyword disagrees with key",
                        json("{'Database': {'MaxPoolSize': 20, 'ConnectionString': 'Host=db;Maximum Pool Size=50'}}"),
                        "MaxPoolSize is given twice with different values: 20 by Database.MaxPoolSize in JSON text"
                                + " and 50 by keyword 'Maximum Pool Size' of Database.ConnectionString in JSON text"),
                bad("two different connection strings",
                        json("{'Database': {'ConnectionString': 'Host=a'}, 'ConnectionStrings': {'Default': 'Host=b'}}"),
                        "ConnectionString is given twice with different values (not shown)",
                        "Database.ConnectionString in JSON text", "ConnectionStrings.Default in JSON text"),

                // Documents and files
                bad("malformed JSON", json("{'Database': {\n  'MaxPoolSize': 20\n  'RetryCount': 3}}"),
                        "Malformed JSON in JSON text at line 3, column 3", "was expecting comma"),
                bad("duplicate JSON key", json("{'Database': {'MaxPoolSize': 20,\n 'MaxPoolSize': 30}}"),
                        "Malformed JSON in JSON text at line 2, column", "key \"MaxPoolSize\" appears twice"),
                bad("empty document", () -> DatabaseOptions.fromJson("  "), "JSON text is empty"),
                bad("missing file", () -> DatabaseOptions.fromJson(Path.of("/no/such/appsettings.json")),
                        "Configuration file not found: /no/such/appsettings.json"),
                bad("unknown file extension", () -> DatabaseOptions.fromFile(Path.of("ballast.toml")),
                        "ballast.toml must end in .json, .yaml, .yml or .properties"),
                bad("malformed YAML", () -> DatabaseOptions.fromYaml("Database:\n  MaxPoolSize: [1\n"),
                        "Malformed YAML in YAML text at line"),

                // The connection
                bad("no connection at all", json("{'Database': {'MaxPoolSize': 20}}"),
                        "No connection configured", "ConnectionStrings.Default"),
                bad("port without host", json("{'Database': {'Port': 5432}}"),
                        "Port is set (Database.Port in JSON text) but neither Host nor ConnectionString is"),
                bad("Npgsql string without host", url("Database=tickets"), "ConnectionString has no Host"),
                bad("unknown Npgsql keyword", url("Host=db;Colour=blue"),
                        "ConnectionString has unknown keyword 'Colour'"),
                bad("misspelt Npgsql keyword", url("Host=db;Databse=tickets"), "did you mean Database?"),
                bad("Npgsql keyword given twice", url("Host=db;Server=db2"),
                        "ConnectionString gives Host twice ('Host' and 'Server')"),
                bad("unsupported Npgsql keyword", url("Host=db;Passfile=/home/app/.pgpass"),
                        "keyword 'Passfile' is an Npgsql keyword Ballast does not support"),
                bad("Npgsql keyword only false is possible", url("Host=db;Enlist=true"),
                        "keyword 'Enlist' must be false", "but was true"),
                bad("bad SSL Mode", url("Host=db;SSL Mode=Sometimes"),
                        "keyword 'SSL Mode' must be one of Disable, Allow, Prefer, Require, VerifyCA, VerifyFull,"
                                + " but was \"Sometimes\""),
                bad("bad Target Session Attributes", url("Host=db;Target Session Attributes=leader"),
                        "keyword 'Target Session Attributes' must be one of any", "but was \"leader\""),
                bad("Npgsql pool keyword out of range", url("Host=db;Maximum Pool Size=0"),
                        "MaxPoolSize must be at least 1, but was 0 (ConnectionString keyword 'Maximum Pool Size')"),
                bad("Npgsql pool keyword of the wrong type", url("Host=db;Pooling=maybe"),
                        "EnablePooling must be true or false, but was \"maybe\"", "keyword 'Pooling'"),
                bad("Npgsql Timeout=0 (Npgsql's wait forever)", url("Host=db;Timeout=0"),
                        "ConnectionTimeoutSeconds must be greater than 0, but was 0", "keyword 'Timeout'"),
                bad("Npgsql part without '='", url("Host=db;tickets"), "ConnectionString has a part without '='"),
                bad("Npgsql unclosed quote", url("Host=db;Database=\"tickets"),
                        "unclosed \" in the value of 'Database'"),
                bad("Npgsql Unix-domain socket", url("Host=/var/run/postgresql"), "Unix-domain socket"),
                bad("Npgsql bad port", url("Host=db;Port=http"), "keyword 'Port' port must be a whole number"
                        + " from 1 to 65535, but was \"http\""),
                bad("neither JDBC nor Npgsql", url("db.example.com"), "ConnectionString must be a JDBC URL"),
                bad("libpq URI", url("postgres://app@db/tickets"), "libpq URIs (postgres://…) are not supported"),
                bad("other JDBC driver", url("jdbc:mysql://db/tickets"),
                        "must start with jdbc:postgresql: (pgjdbc), but starts with \"jdbc:mysql:\""),
                bad("JDBC URL without '/' after the host", url("jdbc:postgresql://db"), "needs a '/' after the host"),
                bad("JDBC URL with a parameter pgjdbc would ignore", url("jdbc:postgresql://db/t?sslMode=require"),
                        "has unknown parameter 'sslMode', which pgjdbc would ignore (did you mean sslmode?)"),
                bad("JDBC URL parameter Ballast manages", url("jdbc:postgresql://db/t?prepareThreshold=0"),
                        "parameter 'prepareThreshold' is set by Ballast from AutoPrepareMinUsages"),
                bad("JDBC URL parameter twice", url("jdbc:postgresql://db/t?sslmode=require&sslmode=disable"),
                        "gives parameter 'sslmode' twice"),
                bad("JDBC URL bad port", url("jdbc:postgresql://db:0/t"),
                        "port must be a whole number from 1 to 65535, but was 0"),
                bad("builder value disagrees with the URL",
                        () -> DatabaseOptions.builder().url("Host=db;Command Timeout=10")
                                .commandTimeout(Duration.ofSeconds(20)).build(),
                        "CommandTimeoutSeconds is given twice with different values: 20 by commandTimeout(…) and 10"
                                + " by ConnectionString keyword 'Command Timeout'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isAnIllegalArgumentExceptionNamingKeyAndValue(String name, ThrowingCallable call, String[] fragments) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as(name).isInstanceOf(IllegalArgumentException.class);
        for (String fragment : fragments) {
            assertThat(thrown.getMessage()).as(name).contains(fragment);
        }
    }

    @org.junit.jupiter.api.Test
    void theTableIsBigEnough() {
        assertThat(badInputs().count()).isGreaterThanOrEqualTo(25);
    }
}
