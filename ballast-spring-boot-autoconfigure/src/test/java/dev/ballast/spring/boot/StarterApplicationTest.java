package dev.ballast.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.Ballast;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A whole Spring Boot application with nothing but the auto-configuration on its class path (found through
 * {@code AutoConfiguration.imports}) and a JDBC URL, as a user's application starts it.
 */
@WithPostgres
class StarterApplicationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    @Test
    void anApplicationWithOnlyAUrlRunsOnBallastAndItsCloseLeavesNoConnectionOrThread(PostgresServer pg)
            throws Exception {
        String name = "spring-starter-" + ProcessHandle.current().pid();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("spring.datasource.url=" + pg.jdbcUrl() + "?user=" + pg.username(),
                        "spring.datasource.ballast.application-name=" + name,
                        "spring.datasource.ballast.pool-name=" + name)
                .run();
        try {
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(dataSource).isSameAs(context.getBean(Ballast.class).dataSource());
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class); // Spring's own, on Ballast's pool
            assertThat(jdbc.queryForObject("select current_setting('application_name')", String.class))
                    .isEqualTo(name);
            assertThat(serverConnections(pg, name)).isGreaterThanOrEqualTo(2); // MinPoolSize, filled at start
            assertThat(threads(name)).isNotEmpty();
        } finally {
            context.close();
        }
        awaitUntil(() -> serverConnections(pg, name) == 0, "the server to see every connection of " + name + " gone");
        awaitUntil(() -> threads(name).isEmpty(), "every thread of " + name + " to end: " + threads(name));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aBadSettingStopsTheStartWithBallastsMessageAndWhatToDo(CapturedOutput output) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/app",
                        "spring.datasource.password=never-in-the-report",
                        "spring.datasource.ballast.max-pool-sise=5");
        assertThatThrownBy(app::run).hasStackTraceContaining(BallastConfigurationException.class.getName());
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Ballast could not be configured: Unknown property spring.datasource.ballast.max-pool-sise"
                        + " (did you mean spring.datasource.ballast.max-pool-size?)")
                .contains(BallastConfigurationFailureAnalyzer.ACTION)
                .doesNotContain("never-in-the-report");
    }

    private static int serverConnections(PostgresServer pg, String applicationName) {
        try (Connection c = pg.connect();
                PreparedStatement ps = c.prepareStatement(
                        "select count(*) from pg_stat_activity where application_name = ?")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> threads(String poolName) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().contains(poolName)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after 30 s waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
