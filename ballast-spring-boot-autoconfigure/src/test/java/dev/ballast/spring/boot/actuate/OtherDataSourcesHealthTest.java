package dev.ballast.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import io.opentelemetry.api.OpenTelemetry;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An application with its own Ballast and another data source: {@code db} reports both, Ballast's through its health
 * check and the other through Spring's indicator, instead of dropping the other.
 */
@WithPostgres
class OtherDataSourcesHealthTest {

    @Test
    void anotherDataSourceKeepsSpringsIndicatorBesideBallasts(PostgresServer pg) {
        DatabaseOptions options = DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username())
                .password(TestBallast.SECRET).poolName("mixed").minPoolSize(1).build();
        try (Ballast ballast = Ballast.start(options, OpenTelemetry.noop())) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(BallastHealthContributorAutoConfiguration.class))
                    .withBean("ballast", Ballast.class, () -> ballast)
                    .withBean("dataSource", DataSource.class, ballast::dataSource, d -> d.setDestroyMethodName(""))
                    .withBean("reportingDataSource", DataSource.class, pg::dataSource)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        HealthContributor db = context.getBean("dbHealthContributor", HealthContributor.class);
                        assertThat(db).isInstanceOf(CompositeHealthContributor.class);
                        CompositeHealthContributor composite = (CompositeHealthContributor) db;
                        assertThat(composite.getContributor("dataSource")).isInstanceOf(BallastHealthIndicator.class);
                        assertThat(composite.getContributor("reportingDataSource"))
                                .isInstanceOf(DataSourceHealthIndicator.class);
                        HealthIndicator ballasts = (HealthIndicator) composite.getContributor("dataSource");
                        assertThat(ballasts.health().getStatus()).isEqualTo(Status.UP);
                        assertThat(ballasts.health().getDetails()).containsEntry("pool_name", "mixed");
                        assertThat(((HealthIndicator) composite.getContributor("reportingDataSource")).health()
                                .getStatus()).isEqualTo(Status.UP);
                    });
        }
    }
}
