package dev.ballast.spring.boot.actuate;

import dev.ballast.testkit.PostgresServer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * The application the actuator tests run: the starter's auto-configuration on an embedded PostgreSQL, reached as a
 * service connection ({@link JdbcConnectionDetails}) the way Testcontainers or Docker Compose would hand it over.
 * The tests add {@link #PROPERTIES}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestBallast {

    /** The password Ballast is configured with; the server trusts loopback, so it is never checked, only hidden. */
    static final String SECRET = "s3cr3t-never-shown-42";

    /** The pool's name, and the application name its sessions show in {@code pg_stat_activity}. */
    static final String POOL = "orders";

    @Bean(destroyMethod = "close")
    PostgresServer postgres() {
        return PostgresServer.launch();
    }

    @Bean
    JdbcConnectionDetails postgresConnection(PostgresServer pg) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return pg.username();
            }

            @Override
            public String getPassword() {
                return SECRET;
            }

            @Override
            public String getJdbcUrl() {
                return pg.jdbcUrl();
            }
        };
    }
}
