package dev.ballast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The password (here always containing "hunter2") appears in no toString(), error message or log line. */
class PasswordNeverShownTest {

    private static final String SECRET = "hunter2";

    @TempDir
    Path dir;

    static Stream<Arguments> optionsHoldingAPassword() {
        return Stream.of(
                Arguments.of("builder", DatabaseOptions.builder().url("jdbc:postgresql://db/t").password(SECRET)
                        .build()),
                Arguments.of("Npgsql Password", DatabaseOptions.builder().url("Host=db;Password=hunter2").build()),
                Arguments.of("Npgsql Pwd, quoted", DatabaseOptions.builder().url("Host=db;Pwd='hun;ter2'").build()),
                Arguments.of("JDBC password parameter",
                        DatabaseOptions.builder().url("jdbc:postgresql://db/t?password=hunter2").build()),
                Arguments.of("JDBC sslpassword parameter",
                        DatabaseOptions.builder().url("jdbc:postgresql://db/t?sslpassword=hunter2").build()),
                Arguments.of("Npgsql SSL Password",
                        DatabaseOptions.builder().url("Host=db;SSL Password=hunter2").build()),
                Arguments.of("JSON Password key", DatabaseOptions.fromJson(Json.of(
                        "{'Database': {'Host': 'db', 'Password': 'hunter2'}}"))),
                Arguments.of("environment", DatabaseOptions.fromEnvironment(Map.of(
                        "CONNECTIONSTRINGS__DEFAULT", "Host=db;Password=hunter2"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionsHoldingAPassword")
    void toStringMasksIt(String name, DatabaseOptions options) {
        assertThat(options.toString()).doesNotContain(SECRET).doesNotContain("hun;ter2").contains("******");
        if (!name.contains("SSL") && !name.contains("ssl")) { // sslpassword stays a driver parameter: see the docs
            assertThat(options.url()).doesNotContain(SECRET);
        }
        assertThat(options.password().toString()).doesNotContain(SECRET);
    }

    private static ThrowingCallable json(String relaxed) {
        return () -> DatabaseOptions.fromJson(Json.of(relaxed));
    }

    private static ThrowingCallable url(String connectionString) {
        return () -> DatabaseOptions.builder().url(connectionString).build();
    }

    static Stream<Arguments> errorsNearAPassword() {
        return Stream.of(
                Arguments.of("unknown keyword after the password", url("Host=db;Password=hunter2;Colour=blue")),
                Arguments.of("password with an unquoted ';'", url("Host=db;Password=hun;ter2;Database=t")),
                Arguments.of("password with an unquoted ';' and '='", url("Host=db;Password=hun;ter2=x")),
                Arguments.of("misspelt Password keyword", url("Host=db;Pasword=hunter2")),
                Arguments.of("unclosed quote in the password", url("Host=db;Password=\"hunter2")),
                Arguments.of("text after a quoted password", url("Host=db;Password=\"hun\"ter2")),
                Arguments.of("bad value elsewhere", url("Host=db;Password=hunter2;Maximum Pool Size=0")),
                Arguments.of("JDBC URL with password and a bad parameter",
                        url("jdbc:postgresql://db/t?password=hunter2&sslMode=require")),
                Arguments.of("JDBC password badly %-encoded", url("jdbc:postgresql://db/t?password=hunter2%zz")),
                Arguments.of("libpq URI with a password", url("postgres://app:hunter2@db/t")),
                Arguments.of("credentials in a host", json("{'Database': {'Host': 'app:hunter2@db'}}")),
                Arguments.of("no form at all", url("hunter2")),
                Arguments.of("wrong-typed Password, number", json("{'Database': {'Host': 'db', 'Password': 12345}}")),
                Arguments.of("wrong-typed Password, array",
                        json("{'Database': {'Host': 'db', 'Password': ['hunter2']}}")),
                Arguments.of("wrong-typed Password, boolean", json("{'Database': {'Host': 'db', 'Password': true}}")),
                Arguments.of("unquoted password in malformed JSON",
                        json("{'Database': {'Host': 'db', 'Password': hunter2}}")),
                Arguments.of("malformed YAML around the password",
                        (ThrowingCallable) () -> DatabaseOptions.fromYaml("Database:\n  Password: hunter2: x\n")),
                Arguments.of("Password key and connection string disagree",
                        json("{'Database': {'Password': 'hunter2', 'ConnectionString': 'Host=db;Password=other'}}")),
                Arguments.of("two connection strings with passwords disagree", json("{'Database': {'ConnectionString':"
                        + " 'Host=db;Password=hunter2'}, 'ConnectionStrings': {'Default': 'Host=db;Password=x'}}")),
                Arguments.of("builder and URL passwords disagree", (ThrowingCallable) () -> DatabaseOptions.builder()
                        .url("Host=db;Password=hunter2").password("hunter22").build()),
                Arguments.of("environment password with a bad neighbour", (ThrowingCallable) () ->
                        DatabaseOptions.fromEnvironment(Map.of("DATABASE__HOST", "db", "DATABASE__PASSWORD", SECRET,
                                "DATABASE__MAXPOOLSIZE", "0"))),
                Arguments.of("properties password with a bad neighbour", (ThrowingCallable) () -> {
                    Properties p = new Properties();
                    p.setProperty("connectionstrings.default", "Host=db;Password=hunter2;Timeout=-1");
                    DatabaseOptions.fromProperties(p);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorsNearAPassword")
    void errorsNeverShowIt(String name, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as(name).isInstanceOf(IllegalArgumentException.class);
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).as(name).doesNotContain(SECRET).doesNotContain("ter2").doesNotContain("12345");
    }

    @Test
    void theLoadLogLineMasksIt() throws IOException {
        Path file = Files.writeString(dir.resolve("appsettings.json"),
                Json.of("{'ConnectionStrings': {'Default': 'Host=db;Username=app;Password=hunter2'}}"));
        String log = captureStandardError(() -> DatabaseOptions.load(file, Map.of("DATABASE__PASSWORD", SECRET)));
        assertThat(log).contains("Ballast options loaded from", "environment variable DATABASE__PASSWORD",
                "password=******").doesNotContain(SECRET);
    }

    /** slf4j-simple, the test binding, writes to whatever System.err is at the time of the call. */
    private static String captureStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
