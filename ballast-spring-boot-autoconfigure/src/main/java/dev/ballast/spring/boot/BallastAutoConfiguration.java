package dev.ballast.spring.boot;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.resilience.DatabaseResilience;
import io.opentelemetry.api.OpenTelemetry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Makes Ballast the Spring Boot application's {@link DataSource}. Runs before Spring's
 * {@link DataSourceAutoConfiguration}, so that Spring's own pools (HikariCP and the others) back off, and backs off
 * itself when the application defines its own {@code DataSource} bean.
 *
 * <p>Beans, each replaceable by the application's own of the same type:
 * <ul>
 *   <li>{@link DatabaseOptions}: the connection from a {@link JdbcConnectionDetails} bean (a service connection,
 *       which wins, as it does for Spring's pools) or {@code spring.datasource.url}, {@code username},
 *       {@code password}; every other setting from {@code spring.datasource.ballast.*}, each {@code DatabaseOptions}
 *       key in kebab case ({@code spring.datasource.ballast.max-pool-size}); then the
 *       {@link BallastOptionsCustomizer} beans. An unknown key or a bad value fails the start with Ballast's message
 *       (with a did-you-mean; never a password).</li>
 *   <li>{@link Ballast}: started from those options with the context's {@link OpenTelemetry} bean when it has
 *       exactly one, otherwise with Ballast's default ({@code GlobalOpenTelemetry}); closed with the context.</li>
 *   <li>{@link DataSource}: {@link Ballast#dataSource()}, the pool.</li>
 *   <li>{@link DatabaseResilience}: {@link Ballast#resilience()}, retries and circuit breaker.</li>
 * </ul>
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({Ballast.class, DataSource.class})
@ConditionalOnMissingBean(DataSource.class)
@EnableConfigurationProperties(DataSourceProperties.class)
public class BallastAutoConfiguration {

    /** Creates the auto-configuration; Spring does this. */
    public BallastAutoConfiguration() {}

    /**
     * @param environment the environment holding {@code spring.datasource.*}
     * @param details a service connection, if the context has one
     * @param properties Spring's {@code spring.datasource.*} properties
     * @param customizers the customizers, applied in order
     * @return the options
     * @throws BallastConfigurationException if there is no URL, or a value is invalid
     */
    @Bean
    @ConditionalOnMissingBean
    public DatabaseOptions ballastDatabaseOptions(Environment environment,
            ObjectProvider<JdbcConnectionDetails> details, ObjectProvider<DataSourceProperties> properties,
            ObjectProvider<BallastOptionsCustomizer> customizers) {
        return BallastOptionsFactory.create(environment, details.getIfAvailable(), properties.getIfAvailable(),
                customizers.orderedStream().toList());
    }

    /**
     * @param options the options
     * @param openTelemetry the context's OpenTelemetry, if it has exactly one
     * @return Ballast, started (its minimum pool filled); closed when the context closes
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Ballast ballast(DatabaseOptions options, ObjectProvider<OpenTelemetry> openTelemetry) {
        OpenTelemetry otel = openTelemetry.getIfUnique();
        return otel != null ? Ballast.start(options, otel) : Ballast.start(options);
    }

    /**
     * @param ballast Ballast
     * @return its pooled data source; closed with {@code ballast}, not on its own
     */
    @Bean(destroyMethod = "")
    public DataSource dataSource(Ballast ballast) {
        return ballast.dataSource();
    }

    /**
     * @param ballast Ballast
     * @return its retry and circuit-breaker policies
     */
    @Bean
    @ConditionalOnMissingBean
    public DatabaseResilience databaseResilience(Ballast ballast) {
        return ballast.resilience();
    }
}
