package dev.ballast.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppSettingsTest {

    private static final String SEED = "{ // comments are allowed, as in .NET\n"
            + "\"Database\": {\"MaxPoolSize\": 20, \"RetryCount\": 3},\n"
            + "\"Demo\": {\"Port\": 9000, \"MaintenanceIntervalSeconds\": 60},\n"
            + "\"Logging\": {\"LogLevel\": {\"Default\": \"Information\"}}, }";

    @Test
    void noConnectionInFileOrEnvironmentMeansEmbedded() {
        assertThat(AppSettings.parse(SEED, Map.of(), "test").hasConnection()).isFalse();
    }

    @Test
    void aConnectionStringInTheFileCounts() {
        AppSettings s = AppSettings.parse("{\"ConnectionStrings\":{\"Default\":\"Host=db;Database=t\"}}", Map.of(),
                "test");
        assertThat(s.hasConnection()).isTrue();
        assertThat(AppSettings.parse("{\"Database\":{\"Host\":\"db\"}}", Map.of(), "t").hasConnection()).isTrue();
    }

    @Test
    void environmentConnectionVariablesCountWhateverTheirCase() {
        assertThat(AppSettings.parse(SEED, Map.of("ConnectionStrings__Default", "Host=db"), "t").hasConnection())
                .isTrue();
        assertThat(AppSettings.parse(SEED, Map.of("DATABASE__CONNECTIONSTRING", "jdbc:postgresql://db/t"), "t")
                .hasConnection()).isTrue();
        assertThat(AppSettings.parse(SEED, Map.of("DATABASE__HOST", " "), "t").hasConnection()).isFalse();
    }

    @Test
    void demoSectionWithEnvironmentOverrides() {
        AppSettings s = AppSettings.parse(SEED, Map.of("DEMO__PORT", "9100"), "t");
        assertThat(s.port()).isEqualTo(9100);
        assertThat(s.opsPort()).isEqualTo(8081);
        assertThat(s.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(s.maintenanceInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> AppSettings.parse(SEED, Map.of("DEMO__OPSPORT", "x"), "t").opsPort())
                .hasMessageContaining("Demo.OpsPort must be a whole number, but was 'x'");
    }

    @Test
    void malformedJsonNamesTheSourceAndPosition() {
        assertThatThrownBy(() -> AppSettings.parse("{\"Database\": [", Map.of(), "appsettings.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("appsettings.json is not valid JSON")
                .hasMessageContaining("line 1");
    }
}
