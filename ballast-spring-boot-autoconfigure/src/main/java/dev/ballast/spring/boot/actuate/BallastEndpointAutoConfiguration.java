package dev.ballast.spring.boot.actuate;

import dev.ballast.Ballast;
import dev.ballast.http.Dashboard;
import dev.ballast.spring.boot.BallastOptionsCustomizer;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Serves Ballast's dashboard as the {@code ballast} actuator endpoint ({@link BallastEndpoint}) when
 * {@code ballast-http} and Actuator are on the class path and the endpoint is available: that is, exposed over the
 * web ({@code management.endpoints.web.exposure.include=...,ballast}) and not switched off
 * ({@code management.endpoint.ballast.access=none}). Only then does the dashboard exist: its sampling thread
 * (one sample a second, a health check every five) does not run in applications that do not show it.
 */
@AutoConfiguration(afterName = "dev.ballast.spring.boot.BallastAutoConfiguration")
@ConditionalOnClass({Dashboard.class, WebEndpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(BallastEndpoint.class)
@ConditionalOnSingleCandidate(Ballast.class)
public class BallastEndpointAutoConfiguration {

    /**
     * @return the dashboard (the endpoint's own, attached by {@link #ballastEndpoint}), closed with the context
     */
    @Bean(destroyMethod = "close")
    public Dashboard ballastDashboard() {
        return Dashboard.create();
    }

    /**
     * @param ballastDashboard the endpoint's dashboard
     * @return the customizer that adds the dashboard to the listeners Ballast starts with, so that it hears
     *     every event (borrow waits, retries, breaker transitions, alerts)
     */
    @Bean
    public BallastOptionsCustomizer ballastDashboardListenerCustomizer(Dashboard ballastDashboard) {
        return builder -> builder.listener(ballastDashboard);
    }

    /**
     * @param ballast the running Ballast
     * @param ballastDashboard the endpoint's dashboard, attached here to {@code ballast}
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    public BallastEndpoint ballastEndpoint(Ballast ballast, Dashboard ballastDashboard) {
        ballastDashboard.attach(ballast);
        return new BallastEndpoint(ballast, ballastDashboard);
    }
}
