package dev.ballast.spring.boot.actuate;

import dev.ballast.Ballast;
import dev.ballast.pool.BallastPool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Makes Actuator's {@code db} health contributor Ballast's health check ({@link BallastHealthIndicator}) instead of
 * Spring Boot's {@code DataSourceHealthIndicator}, which would run its validation query on a connection of its own
 * choosing and knows nothing of the pool, the breaker or the alerts. Another {@code DataSource} bean of the
 * application keeps Spring's indicator: {@code db} then becomes a composite with one entry per data source bean.
 *
 * <p>Also puts {@code db} in the {@code readiness} group, unless the application sets
 * {@code management.endpoint.health.group.readiness.include} itself. Off with {@code management.health.db.enabled=false}
 * (Spring's switch), and whenever an application bean named {@code dbHealthContributor} or {@code dbHealthIndicator}
 * exists.
 */
@AutoConfiguration(afterName = {"dev.ballast.spring.boot.BallastAutoConfiguration",
        "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration"},
        beforeName = "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration")
@ConditionalOnClass({HealthContributor.class, ConditionalOnEnabledHealthIndicator.class,
        DataSourceHealthIndicator.class})
@ConditionalOnSingleCandidate(Ballast.class)
@ConditionalOnEnabledHealthIndicator("db")
public class BallastHealthContributorAutoConfiguration {

    private static final String READINESS_INCLUDE = "management.endpoint.health.group.readiness.include";

    /**
     * @param ballast the running Ballast
     * @param dataSources every {@code DataSource} bean, by name
     * @return Ballast's indicator, or a composite when the application has other data sources
     */
    @Bean(name = {"dbHealthContributor", "dbHealthIndicator"})
    public HealthContributor dbHealthContributor(Ballast ballast, Map<String, DataSource> dataSources) {
        BallastHealthIndicator ballasts = new BallastHealthIndicator(ballast.healthCheck());
        Map<String, HealthContributor> entries = new LinkedHashMap<>();
        boolean seen = false;
        for (Map.Entry<String, DataSource> e : dataSources.entrySet()) {
            BallastPool pool = BallastDataSources.poolOf(e.getValue());
            if (pool == ballast.pool()) {
                if (!seen) {
                    entries.put(e.getKey(), ballasts);
                    seen = true;
                }
            } else if (pool == null) {
                entries.put(e.getKey(), new DataSourceHealthIndicator(e.getValue()));
            }
        }
        if (entries.size() <= 1) {
            return ballasts;
        }
        return CompositeHealthContributor.fromMap(entries);
    }

    /**
     * @param environment the application's environment
     * @return the post-processor that adds {@code db} to the readiness group, or a no-op when the application chose
     *     the group's members
     */
    @Bean
    public static HealthEndpointGroupsPostProcessor ballastReadinessGroup(Environment environment) {
        boolean chosen = Binder.get(environment).bind(READINESS_INCLUDE, Bindable.listOf(String.class))
                .map(List::size).isBound();
        return chosen ? groups -> groups : new ReadinessIncludesDatabase();
    }
}
