package dev.ballast.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Leftover {@code spring.datasource.hikari.*} settings are named, with what replaces each, and never converted. */
class HikariMigrationTest {

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
        return environment;
    }

    @Test
    void leftoverHikariSettingsAreNamedWithTheirBallastKeysAndNoValueIsShown() {
        String warning = HikariMigration.warning(environment(Map.of(
                "spring.datasource.hikari.maximum-pool-size", "30",
                "spring.datasource.hikari.connection-timeout", "2500",
                "spring.datasource.hikari.password", "hunter2",
                "spring.datasource.hikari.auto-commit", "false")));
        assertThat(warning)
                .contains("spring.datasource.hikari.maximum-pool-size -> spring.datasource.ballast.max-pool-size")
                .contains("spring.datasource.hikari.connection-timeout -> "
                        + "spring.datasource.ballast.connection-timeout-seconds (seconds)")
                .contains("spring.datasource.hikari.password -> spring.datasource.password")
                .contains("spring.datasource.hikari.auto-commit (no equivalent needed)")
                .doesNotContain("hunter2").doesNotContain("2500");
    }

    @Test
    void noHikariSettingsNoWarning() {
        assertThat(HikariMigration.warning(environment(Map.of("spring.datasource.url", "jdbc:postgresql://h/db"))))
                .isNull();
    }
}
