package dev.ballast.spring.boot.actuate;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.event.BallastListener;
import dev.ballast.testkit.PostgresServer;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application the actuator tests run: an embedded PostgreSQL and a Ballast on it whose listeners are the
 * application's {@link BallastListener} beans, as the starter's core auto-configuration wires them.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestBallast {

    /** The password Ballast is configured with; the server trusts loopback, so it is never checked, only hidden. */
    static final String SECRET = "s3cr3t-never-shown-42";

    @Bean(destroyMethod = "close")
    PostgresServer postgres() {
        return PostgresServer.launch();
    }

    @Bean(destroyMethod = "close")
    Ballast ballast(PostgresServer pg, ObjectProvider<BallastListener> listeners) {
        DatabaseOptions options = DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username())
                .password(SECRET).poolName("orders").applicationName("spring-ops-test").maxPoolSize(12)
                .minPoolSize(2).validationTimeout(Duration.ofSeconds(2)).build();
        return Ballast.start(options, OpenTelemetry.noop(), listeners.orderedStream().toList());
    }

    @Bean(destroyMethod = "")
    DataSource dataSource(Ballast ballast) {
        return ballast.dataSource();
    }
}
