package dev.ballast.spring.boot.actuate;

import dev.ballast.health.DatabasePoolHealthCheck;
import dev.ballast.health.HealthReport;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator's view of Ballast's {@link DatabasePoolHealthCheck}: the status maps onto Actuator's and the report's
 * data become the details.
 *
 * <ul>
 *   <li>{@code Healthy} → {@code UP};</li>
 *   <li>{@code Degraded} → {@code UP}, with the detail {@code ballast_status: "Degraded"} and the reasons in
 *       {@code description}. Degraded means the database answers but something needs attention (a small pool, a
 *       saturated pool, a breaker not closed, an alert firing); taking a busy instance out of load balancing for
 *       that would move its load onto the others, so it stays ready, as Ballast's own {@code /health/ready} answers
 *       200 for it;</li>
 *   <li>{@code Unhealthy} → {@code DOWN}, with Ballast's reason in {@code description} and {@code error}.</li>
 * </ul>
 *
 * <p>Each call runs {@link DatabasePoolHealthCheck#check()}: a {@code SELECT 1} on a connection borrowed from the
 * pool (never a new physical connection while one is idle), shared by concurrent callers and reused for about a
 * second, bounded by ValidationTimeoutSeconds. The details never carry the password. Thread-safe.
 */
public final class BallastHealthIndicator implements HealthIndicator {

    /** The detail that carries Ballast's own status ({@code Healthy}, {@code Degraded}, {@code Unhealthy}). */
    public static final String BALLAST_STATUS = "ballast_status";

    private final DatabasePoolHealthCheck check;

    /**
     * @param check the pool's health check, usually {@code ballast.healthCheck()}
     */
    public BallastHealthIndicator(DatabasePoolHealthCheck check) {
        this.check = Objects.requireNonNull(check, "check");
    }

    @Override
    public Health health() {
        return toHealth(check.check());
    }

    /**
     * @param report a report of Ballast's health check
     * @return the same facts as Actuator health
     */
    static Health toHealth(HealthReport report) {
        Health.Builder health;
        switch (report.status()) {
            case HEALTHY:
            case DEGRADED:
                health = Health.up();
                break;
            default:
                health = Health.down();
                break;
        }
        return health.withDetail(BALLAST_STATUS, report.status().displayName())
                .withDetail("description", report.description())
                .withDetail("duration_ms", report.duration().toMillis())
                .withDetails(report.data())
                .build();
    }
}
