package dev.ballast.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.resilience.DatabaseResilience;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The beans: what a context gets with a URL, and when Ballast backs off or takes its connection elsewhere. */
@WithPostgres
class BallastAutoConfigurationTest {

    private static PostgresServer pg;

    @BeforeAll
    static void server(PostgresServer server) {
        pg = server;
    }

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(
                AutoConfigurations.of(BallastAutoConfiguration.class, DataSourceAutoConfiguration.class));
    }

    @Test
    void aUrlIsEnoughForBallastDataSourceAndResilienceBeans() {
        runner().withPropertyValues("spring.datasource.url=" + pg.jdbcUrl() + "?user=" + pg.username())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Ballast.class).hasSingleBean(DataSource.class)
                            .hasSingleBean(DatabaseResilience.class).hasSingleBean(DatabaseOptions.class);
                    Ballast db = context.getBean(Ballast.class);
                    assertThat(context.getBean(DataSource.class)).isSameAs(db.dataSource());
                    assertThat(context.getBean(DatabaseResilience.class)).isSameAs(db.resilience());
                    assertThat(db.options().username()).isEqualTo(pg.username());
                    Integer one = new JdbcTemplate(context.getBean(DataSource.class))
                            .queryForObject("select 1", Integer.class);
                    assertThat(one).isEqualTo(1);
                });
    }

    @Test
    void usernameAndPasswordPropertiesAreTheCredentials() {
        runner().withPropertyValues("spring.datasource.url=" + pg.jdbcUrl(),
                "spring.datasource.username=" + pg.username(), "spring.datasource.password=not-checked-on-loopback")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DatabaseOptions options = context.getBean(DatabaseOptions.class);
                    assertThat(options.username()).isEqualTo(pg.username());
                    assertThat(options.password().reveal()).isEqualTo("not-checked-on-loopback");
                    assertThat(options.toString()).doesNotContain("not-checked-on-loopback");
                });
    }

    @Test
    void aServiceConnectionWinsOverTheProperties() {
        runner().withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/not-this-one",
                        "spring.datasource.username=nobody")
                .withUserConfiguration(ServiceConnection.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Ballast db = context.getBean(Ballast.class);
                    assertThat(db.options().url()).isEqualTo(pg.jdbcUrl());
                    assertThat(db.options().username()).isEqualTo(pg.username());
                    String database = new JdbcTemplate(db.dataSource())
                            .queryForObject("select current_database()", String.class);
                    assertThat(database).isEqualTo("postgres");
                });
    }

    @Test
    void theApplicationsOwnDataSourceWins() {
        runner().withPropertyValues("spring.datasource.url=" + pg.jdbcUrl())
                .withUserConfiguration(OwnDataSource.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(Ballast.class)
                            .doesNotHaveBean(DatabaseResilience.class);
                    assertThat(context.getBean(DataSource.class)).isSameAs(context.getBean("ownDataSource"));
                });
    }

    @Test
    void noUrlFailsTheStartNamingTheProperty() {
        runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(ballastFailure(context.getStartupFailure())).hasMessageContaining("spring.datasource.url")
                    .hasMessageContaining("JdbcConnectionDetails");
        });
    }

    /** @return the first IllegalArgumentException in the chain: Ballast's own message, as the start reports it */
    static Throwable ballastFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IllegalArgumentException) {
                return c;
            }
        }
        throw new AssertionError("no IllegalArgumentException in the chain", t);
    }

    @Configuration(proxyBeanMethods = false)
    static class ServiceConnection {
        @Bean
        JdbcConnectionDetails testcontainersLike() {
            return new JdbcConnectionDetails() {
                @Override
                public String getUsername() {
                    return pg.username();
                }

                @Override
                public String getPassword() {
                    return pg.password();
                }

                @Override
                public String getJdbcUrl() {
                    return pg.jdbcUrl();
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDataSource {
        @Bean
        DataSource ownDataSource() {
            return pg.dataSource();
        }
    }
}
