package dev.ballast.spring.boot.actuate;

import java.util.Set;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;

/**
 * Adds the {@code db} contributor to Actuator's {@code readiness} group, so {@code /actuator/health/readiness}
 * answers 503 while the database cannot be reached. Applied only when the application has not chosen the group's
 * members itself ({@code management.endpoint.health.group.readiness.include}); runs after Spring Boot's own
 * availability-probe post-processor, which creates the group. Not a bean an application needs to touch.
 */
final class ReadinessIncludesDatabase implements HealthEndpointGroupsPostProcessor, Ordered {

    static final String READINESS = "readiness";
    static final String DB = "db";

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        return groups.get(READINESS) == null ? groups : new Groups(groups);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The same groups, with {@code db} a member of {@code readiness}. */
    private static final class Groups implements HealthEndpointGroups {
        private final HealthEndpointGroups delegate;

        Groups(HealthEndpointGroups delegate) {
            this.delegate = delegate;
        }

        @Override
        public HealthEndpointGroup getPrimary() {
            return delegate.getPrimary();
        }

        @Override
        public Set<String> getNames() {
            return delegate.getNames();
        }

        @Override
        public HealthEndpointGroup get(String name) {
            HealthEndpointGroup group = delegate.get(name);
            return group != null && READINESS.equals(name) ? new WithDb(group) : group;
        }
    }

    /** A group that also has {@code db} as a member. */
    private static final class WithDb implements HealthEndpointGroup {
        private final HealthEndpointGroup delegate;

        WithDb(HealthEndpointGroup delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean isMember(String name) {
            return DB.equals(name) || delegate.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return delegate.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return delegate.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return delegate.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return delegate.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return delegate.getAdditionalPath();
        }
    }
}
