package dev.ballast.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.mock.env.MockEnvironment;

/** The readiness group gains {@code db} by default, and keeps exactly what an application chose for it. */
class ReadinessIncludesDatabaseTest {

    private final HealthEndpointGroups groups = HealthEndpointGroups.of(new Members("db", "ping"),
            Map.of("readiness", new Members("readinessState"), "liveness", new Members("livenessState")));

    @Test
    void readinessGainsTheDatabaseByDefault() {
        HealthEndpointGroups processed = BallastHealthContributorAutoConfiguration
                .ballastReadinessGroup(new MockEnvironment()).postProcessHealthEndpointGroups(groups);

        assertThat(processed.get("readiness").isMember("db")).isTrue();
        assertThat(processed.get("readiness").isMember("readinessState")).isTrue();
        assertThat(processed.get("liveness").isMember("db")).isFalse();
        assertThat(processed.getNames()).containsExactlyInAnyOrder("readiness", "liveness");
    }

    @Test
    void readinessMembersChosenByTheApplicationAreKept() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("management.endpoint.health.group.readiness.include", "readinessState");

        HealthEndpointGroups processed = BallastHealthContributorAutoConfiguration.ballastReadinessGroup(env)
                .postProcessHealthEndpointGroups(groups);

        assertThat(processed.get("readiness").isMember("db")).isFalse();
    }

    /** A group with fixed members; the rest is not consulted by the post-processor. */
    private static final class Members implements HealthEndpointGroup {
        private final Set<String> members;

        Members(String... members) {
            this.members = Set.of(members);
        }

        @Override
        public boolean isMember(String name) {
            return members.contains(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return true;
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return true;
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return StatusAggregator.getDefault();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return HttpCodeStatusMapper.DEFAULT;
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return null;
        }
    }
}
