package dev.ballast.spring.boot.actuate;

import dev.ballast.pool.BallastPool;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.context.annotation.Bean;

/**
 * Registers a {@link DataSourcePoolMetadataProvider} for Ballast's pool, so Spring Boot's own
 * {@code DataSourcePoolMetricsAutoConfiguration} publishes {@code jdbc.connections.active|idle|max|min|usage}
 * (tag {@code name}: the data source bean's name) for every {@code DataSource} bean that is or wraps a Ballast pool,
 * exactly as it does for HikariCP. The meters are Spring's; Ballast adds none of these names itself, so nothing is
 * counted twice.
 */
@AutoConfiguration(afterName = "dev.ballast.spring.boot.BallastAutoConfiguration",
        beforeName = "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration")
@ConditionalOnClass({DataSourcePoolMetadataProvider.class, BallastPool.class})
public class BallastPoolMetadataAutoConfiguration {

    /** @return metadata for data sources that are or wrap Ballast's pool; null (not mine) for the others */
    @Bean
    public DataSourcePoolMetadataProvider ballastPoolMetadataProvider() {
        return dataSource -> {
            BallastPool pool = BallastDataSources.poolOf(dataSource);
            return pool == null ? null : new BallastDataSourcePoolMetadata(pool);
        };
    }
}
