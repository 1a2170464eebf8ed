package dev.ballast.health;

/**
 * The outcome of a health check, as ASP.NET HealthChecks reports it. Over HTTP, {@code HEALTHY} and
 * {@code DEGRADED} answer 200 and {@code UNHEALTHY} answers 503.
 */
public enum HealthStatus {
    /** The database answers and the pool is comfortably configured and used. */
    HEALTHY("Healthy"),
    /** The database answers, but something needs attention: a small pool, saturation, a breaker not closed. */
    DEGRADED("Degraded"),
    /** The database cannot be reached. */
    UNHEALTHY("Unhealthy");

    private final String displayName;

    HealthStatus(String displayName) {
        this.displayName = displayName;
    }

    /** @return the name used in JSON ({@code Healthy}, {@code Degraded}, {@code Unhealthy}) */
    public String displayName() {
        return displayName;
    }

    /**
     * @param other another status
     * @return the worse of the two
     */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
