package dev.ballast.internal.resilience;

import dev.ballast.DatabaseOptions;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.RetryConfig;
import javax.sql.DataSource;

/**
 * The resilience engine's settings for {@link DatabaseOptions}: the retry and breaker configurations and the
 * SQLSTATE table that {@link DatabaseOptions.Builder#build()} made (see {@code internal/config/EngineConfigs} for how
 * the keys map onto them).
 */
public final class ResilienceOptions {

    private ResilienceOptions() {}

    /**
     * @param options the options
     * @param dataSource where connections come from (the pool)
     * @return settings with the options' retry, breaker, classifier and listeners, the system clock and real sleeps
     */
    public static ResilienceSettings settings(DatabaseOptions options, DataSource dataSource) {
        return ResilienceSettings.of(dataSource)
                .withRetry(options.retryConfig())
                .withCircuitBreaker(options.circuitBreakerConfig())
                .withClassifier(options.sqlStateClassifier())
                .withListeners(new ListenerSupport(options.listeners()));
    }

    /**
     * @param options the options
     * @return the retry configuration they describe
     */
    public static RetryConfig retry(DatabaseOptions options) {
        return options.retryConfig();
    }

    /**
     * @param options the options
     * @return the breaker configuration they describe
     */
    public static CircuitBreakerConfig circuitBreaker(DatabaseOptions options) {
        return options.circuitBreakerConfig();
    }
}
