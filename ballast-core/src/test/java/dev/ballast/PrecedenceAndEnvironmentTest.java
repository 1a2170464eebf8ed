package dev.ballast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults &lt; file &lt; environment &lt; builder calls, and the environment's two naming styles. */
class PrecedenceAndEnvironmentTest {

    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("appsettings.json"), Json.of(json));
    }

    @Test
    void environmentBeatsFileAndBuilderBeatsEnvironment() throws IOException {
        Path f = file("{'Database': {'MaxPoolSize': 30, 'RetryCount': 4, 'ConnectionString': 'Host=db'}}");
        DatabaseOptions loaded = DatabaseOptions.load(f, Map.of("DATABASE__MAXPOOLSIZE", "40"));
        assertThat(loaded.maxPoolSize()).isEqualTo(40); // environment over file
        assertThat(loaded.retryCount()).isEqualTo(4); // file over default
        assertThat(loaded.minPoolSize()).isEqualTo(2); // default
        assertThat(loaded.toBuilder().maxPoolSize(50).build().maxPoolSize()).isEqualTo(50); // builder over all
    }

    @Test
    void withEnvironmentMatchesLoad() throws IOException {
        Path f = file("{'Database': {'MaxPoolSize': 30, 'ConnectionString': 'Host=db;Username=app'}}");
        Map<String, String> env = Map.of("DATABASE_MAX_POOL_SIZE", "40", "DATABASE__PASSWORD", "hunter2");
        assertThat(DatabaseOptions.fromJson(f).withEnvironment(env)).isEqualTo(DatabaseOptions.load(f, env));
    }

    @Test
    void theConnectionMayComeFromTheEnvironmentAlone() throws IOException {
        Path f = file("{'Database': {'MaxPoolSize': 30}}");
        DatabaseOptions o = DatabaseOptions.load(f, Map.of("CONNECTIONSTRINGS__DEFAULT", "Host=db;Database=t"));
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db:5432/t");
        assertThat(o.maxPoolSize()).isEqualTo(30);
    }

    @Test
    void anEnvironmentConnectionReplacesTheFilesAddress() throws IOException {
        Path f = file("{'Database': {'ConnectionString': 'Host=dev;Database=t;Username=app;Password=devpass'}}");
        DatabaseOptions o = DatabaseOptions.load(f, Map.of("CONNECTIONSTRINGS__DEFAULT", "Host=prod;Database=t",
                "DATABASE__PASSWORD", "hunter2"));
        assertThat(o.url()).isEqualTo("jdbc:postgresql://prod:5432/t");
        assertThat(o.username()).isEqualTo("app"); // not mentioned by the environment: kept
        assertThat(o.password().reveal()).isEqualTo("hunter2");
    }

    @Test
    void anEnvironmentKeyOverridesTheSameSettingInTheFilesConnectionString() throws IOException {
        Path f = file("{'Database': {'ConnectionString': 'Host=db;Maximum Pool Size=50'}}");
        assertThat(DatabaseOptions.load(f, Map.of()).maxPoolSize()).isEqualTo(50);
        assertThat(DatabaseOptions.load(f, Map.of("DATABASE__MAXPOOLSIZE", "60")).maxPoolSize()).isEqualTo(60);
    }

    @Test
    void dotNetEnvironmentNamesAreCaseInsensitive() {
        DatabaseOptions o = DatabaseOptions.fromEnvironment(Map.of(
                "ConnectionStrings__Default", "Host=db", "database__retrycount", "7", "Database__UseJitter", "false"));
        assertThat(o.retryCount()).isEqualTo(7);
        assertThat(o.retryJitter()).isFalse();
    }

    @Test
    void hostAndFriendsFromEnvironment() {
        DatabaseOptions o = DatabaseOptions.fromEnvironment(Map.of("DATABASE_HOST", "db", "DATABASE_PORT", "6432",
                "DATABASE_DATABASE", "tickets", "DATABASE_USERNAME", "app", "DATABASE_PASSWORD", "hunter2"));
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db:6432/tickets");
        assertThat(o.username()).isEqualTo("app");
    }

    @Test
    void unrelatedVariablesAreIgnored() {
        DatabaseOptions o = DatabaseOptions.fromEnvironment(Map.of("CONNECTIONSTRINGS__DEFAULT", "Host=db",
                "DATABASE_URL", "postgres://someone:else@elsewhere/x", "PATH", "/usr/bin", "DATABASE_NAME", "x",
                "CONNECTIONSTRINGS__REPORTING", "Host=reports"));
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db:5432/");
    }

    @Test
    void listInDotNetIndexedForm() {
        DatabaseOptions o = DatabaseOptions.fromEnvironment(Map.of("CONNECTIONSTRINGS__DEFAULT", "Host=db",
                "DATABASE__ADDITIONALTRANSIENTSQLSTATES__1", "55P03",
                "DATABASE__ADDITIONALTRANSIENTSQLSTATES__0", "57014"));
        assertThat(o.additionalTransientSqlStates()).containsExactly("57014", "55P03");
    }

    @Test
    void bothEnvironmentStylesForOneKeyMustAgree() {
        Map<String, String> same = Map.of("CONNECTIONSTRINGS__DEFAULT", "Host=db",
                "DATABASE__MAXPOOLSIZE", "30", "DATABASE_MAX_POOL_SIZE", "30");
        assertThat(DatabaseOptions.fromEnvironment(same).maxPoolSize()).isEqualTo(30);
        Map<String, String> different = Map.of("CONNECTIONSTRINGS__DEFAULT", "Host=db",
                "DATABASE__MAXPOOLSIZE", "30", "DATABASE_MAX_POOL_SIZE", "31");
        assertThatThrownBy(() -> DatabaseOptions.fromEnvironment(different))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MaxPoolSize is given twice with different values")
                .hasMessageContaining("environment variable DATABASE__MAXPOOLSIZE")
                .hasMessageContaining("environment variable DATABASE_MAX_POOL_SIZE");
    }

    @Test
    void anEmptyEnvironmentChangesNothing() throws IOException {
        Path f = file("{'Database': {'ConnectionString': 'Host=db'}}");
        DatabaseOptions o = DatabaseOptions.fromJson(f);
        assertThat(o.withEnvironment(Map.of())).isEqualTo(o);
    }

    @Test
    void errorsAfterLayeringNameTheSources() throws IOException {
        Path f = file("{'Database': {'MaxPoolSize': 10, 'ConnectionString': 'Host=db'}}");
        assertThatThrownBy(() -> DatabaseOptions.load(f, Map.of("DATABASE__MINPOOLSIZE", "12")))
                .hasMessage("MinPoolSize must be at most MaxPoolSize (10), but was 12 (MinPoolSize from"
                        + " environment variable DATABASE__MINPOOLSIZE; MaxPoolSize from Database.MaxPoolSize in "
                        + f + ")");
    }
}
