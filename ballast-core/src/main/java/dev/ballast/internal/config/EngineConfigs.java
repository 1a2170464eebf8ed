package dev.ballast.internal.config;

import dev.ballast.DatabaseOptions;
import dev.ballast.alert.AlertThresholds;
import dev.ballast.pool.PoolConfig;
import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.RetryConfig;

/**
 * Turns validated {@link DatabaseOptions} settings into the typed configurations the engines run on — the pool's
 * {@link PoolConfig}, the retry's {@link RetryConfig}, the breaker's {@link CircuitBreakerConfig} and the alert
 * rules' {@link AlertThresholds} — once, when the options are built. Every later layer reads those records and
 * nothing else, so a value goes from its key to the record to its use.
 *
 * <p>{@code EnableRetryPolicy=false} means no retries; {@code EnableCircuitBreaker=false} a breaker that never opens
 * by itself (it can still be isolated by hand).
 */
public final class EngineConfigs {

    private EngineConfigs() {}

    /**
     * @param o the options
     * @param classifier decides which errors are fatal to a connection
     * @return the pool's configuration
     * @throws IllegalArgumentException if the pool rejects a value (a range disagreement: a bug)
     */
    public static PoolConfig pool(DatabaseOptions o, SqlStateClassifier classifier) {
        var b = PoolConfig.builder()
                .jdbcUrl(o.url())
                .minPoolSize(o.minPoolSize())
                .maxPoolSize(o.maxPoolSize())
                .connectionLifetime(o.connectionLifetime())
                .connectionIdleLifetime(o.connectionIdleLifetime())
                .connectionTimeout(o.connectionTimeout())
                .commandTimeout(o.commandTimeout())
                .enablePooling(o.enablePooling())
                .validationTimeout(o.validationTimeout())
                .keepaliveInterval(o.keepaliveInterval())
                .leakDetectionThreshold(o.leakDetectionThreshold())
                .fairnessThreshold(o.fairnessThreshold())
                .noResetOnClose(o.noResetOnClose())
                .enablePoolAutoTuning(o.enablePoolAutoTuning())
                .maxAutoPrepare(o.maxAutoPrepare())
                .autoPrepareMinUsages(o.autoPrepareMinUsages())
                .pgBouncerPoolMode(o.pgBouncerPoolMode())
                .applicationName(o.applicationName())
                .poolName(o.poolName())
                .shutdownTimeout(o.shutdownTimeout())
                .fatalErrors(classifier::isFatalToConnection);
        if (o.username() != null) {
            b.username(o.username());
        }
        if (!o.password().isEmpty()) {
            b.password(o.password().reveal());
        }
        return b.build();
    }

    /**
     * @param o the options
     * @return the retry configuration they describe
     */
    public static RetryConfig retry(DatabaseOptions o) {
        if (!o.enableRetryPolicy()) {
            return RetryConfig.disabled();
        }
        return RetryConfig.builder().retryCount(o.retryCount()).retryDelay(o.retryDelay())
                .backoffType(o.backoffType()).jitter(o.retryJitter()).maxRetryDelay(o.maxRetryDelay()).build();
    }

    /**
     * @param o the options
     * @return the breaker configuration they describe
     */
    public static CircuitBreakerConfig circuitBreaker(DatabaseOptions o) {
        return CircuitBreakerConfig.builder().enabled(o.enableCircuitBreaker())
                .minimumThroughput(o.circuitBreakerThreshold()).failureRatio(o.failureRatio())
                .samplingDuration(o.samplingDuration()).breakDuration(o.circuitBreakerDuration()).build();
    }

    /**
     * @param o the options
     * @return the alert rules' thresholds they describe
     */
    public static AlertThresholds alerts(DatabaseOptions o) {
        return AlertThresholds.builder()
                .utilisation(o.alertUtilisationRatio(), o.alertUtilisationFor())
                .waitersFor(o.alertWaitersFor())
                .borrowTimeoutQuietPeriod(o.alertBorrowTimeoutQuietPeriod())
                .circuitOpenFor(o.alertCircuitOpenFor())
                .connectionFailures(o.alertConnectionFailures(), o.alertConnectionFailureWindow())
                .leakQuietPeriod(o.alertLeakQuietPeriod())
                .connectionOpenSpike(o.alertOpenDurationFactor(), o.alertOpenDurationFloor(),
                        o.alertOpenDurationWindow(), o.alertOpenDurationBaseline())
                .build();
    }
}
