package dev.ballast.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.Ballast;
import dev.ballast.http.Dashboard;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The actuator auto-configurations stay out of the way: without Actuator, Micrometer or ballast-http on the class
 * path, and without a Ballast bean, they contribute nothing and the context still starts.
 */
class ActuatorAbsentTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(BallastHealthContributorAutoConfiguration.class,
                    BallastPoolMetadataAutoConfiguration.class, BallastMetricsAutoConfiguration.class,
                    BallastEndpointAutoConfiguration.class));

    @Test
    void withoutActuatorMicrometerOrBallastHttpNothingIsContributed() {
        runner.withClassLoader(new FilteredClassLoader(HealthContributor.class, MeterRegistry.class, Dashboard.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(BallastHealthIndicator.class);
                    assertThat(context).doesNotHaveBean("dbHealthContributor");
                    assertThat(context).doesNotHaveBean(BallastMeterBinder.class);
                    assertThat(context).doesNotHaveBean(BallastEndpoint.class);
                });
    }

    @Test
    void withoutABallastBeanNothingNeedsOne() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Ballast.class);
            assertThat(context).doesNotHaveBean("dbHealthContributor");
            assertThat(context).doesNotHaveBean(BallastMeterBinder.class);
            assertThat(context).doesNotHaveBean(BallastEndpoint.class);
        });
    }
}
