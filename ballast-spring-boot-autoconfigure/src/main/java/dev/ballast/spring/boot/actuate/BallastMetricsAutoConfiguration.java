package dev.ballast.spring.boot.actuate;

import dev.ballast.Ballast;
import dev.ballast.spring.boot.BallastOptionsCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Publishes Ballast's own metric names in Micrometer ({@link BallastMeterBinder}, with the event-fed
 * {@link BallastMetricsListener}); Spring Boot binds every {@link MeterBinder} bean to its registry. Spring's
 * {@code jdbc.connections.active|idle|max|min} come from {@link BallastPoolMetadataAutoConfiguration}; this
 * adds {@code jdbc.connections.usage}, which Spring Boot 4 does not publish itself. Active when Micrometer
 * is on the class path; switch the names off with Spring's {@code management.metrics.enable.<prefix>=false}.
 */
@AutoConfiguration(afterName = "dev.ballast.spring.boot.BallastAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, MeterBinder.class})
public class BallastMetricsAutoConfiguration {

    /**
     * @return the listener that feeds the event-driven meters
     */
    @Bean
    @ConditionalOnMissingBean
    public BallastMetricsListener ballastMetricsListener() {
        return new BallastMetricsListener();
    }

    /**
     * @param listener the event-driven meters
     * @return the customizer that adds {@code listener} to the options Ballast starts with
     */
    @Bean
    public BallastOptionsCustomizer ballastMetricsListenerCustomizer(BallastMetricsListener listener) {
        return builder -> builder.listener(listener);
    }

    /**
     * @param ballast the running Ballast
     * @param events the event-driven meters, if defined
     * @return the binder Spring Boot binds to its meter registry
     */
    @Bean
    @ConditionalOnSingleCandidate(Ballast.class)
    public BallastMeterBinder ballastMeterBinder(Ballast ballast, ObjectProvider<BallastMetricsListener> events) {
        return new BallastMeterBinder(ballast, events.getIfAvailable());
    }

    /**
     * @param dataSources every data source bean, by name
     * @return the binder of {@code jdbc.connections.usage} for those that are Ballast's
     */
    @Bean
    @ConditionalOnSingleCandidate(Ballast.class)
    public MeterBinder ballastJdbcConnectionsUsage(Map<String, DataSource> dataSources) {
        return new JdbcConnectionsUsage(dataSources);
    }
}
