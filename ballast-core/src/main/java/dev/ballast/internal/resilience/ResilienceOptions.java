package dev.ballast.internal.resilience;

import dev.ballast.DatabaseOptions;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.RetryConfig;
import javax.sql.DataSource;

/**
 * Maps the resilience keys of {@link DatabaseOptions} onto the engine's configuration, for the facade:
 * {@code EnableRetryPolicy=false} means no retries; {@code EnableCircuitBreaker=false} a breaker that never opens by
 * itself (it can still be isolated by hand); {@code AdditionalTransientSqlStates} extends the SQLSTATE table.
 */
public final class ResilienceOptions {

    private ResilienceOptions() {}

    /**
     * @param options the options
     * @param dataSource where connections come from (the pool)
     * @return settings with the options' retry, breaker, classifier and listeners, the system clock and real sleeps
     * @throws IllegalArgumentException if a value is outside what the engine accepts (e.g. RetryCount above 100)
     */
    public static ResilienceSettings settings(DatabaseOptions options, DataSource dataSource) {
        return ResilienceSettings.of(dataSource)
                .withRetry(retry(options))
                .withCircuitBreaker(circuitBreaker(options))
                .withClassifier(SqlStateClassifier.withAdditionalTransient(options.additionalTransientSqlStates()))
                .withListeners(new ListenerSupport(options.listeners()));
    }

    /**
     * @param options the options
     * @return the retry configuration they describe
     */
    public static RetryConfig retry(DatabaseOptions options) {
        if (!options.enableRetryPolicy()) {
            return RetryConfig.disabled();
        }
        return RetryConfig.builder().retryCount(options.retryCount()).retryDelay(options.retryDelay())
                .backoffType(options.backoffType()).jitter(options.retryJitter())
                .maxRetryDelay(options.maxRetryDelay()).build();
    }

    /**
     * @param options the options
     * @return the breaker configuration they describe
     */
    public static CircuitBreakerConfig circuitBreaker(DatabaseOptions options) {
        return CircuitBreakerConfig.builder().enabled(options.enableCircuitBreaker())
                .minimumThroughput(options.circuitBreakerThreshold()).failureRatio(options.failureRatio())
                .samplingDuration(options.samplingDuration()).breakDuration(options.circuitBreakerDuration())
                .build();
    }
}
