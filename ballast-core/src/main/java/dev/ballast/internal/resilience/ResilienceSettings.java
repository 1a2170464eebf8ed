package dev.ballast.internal.resilience;

import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.time.Clock;
import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.RetryConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import javax.sql.DataSource;

/**
 * Everything a {@link DefaultDatabaseResilience} is made of, including the seams the public builder does not expose
 * (clock, sleeper, random source) so that the facade and tests can inject them. Immutable.
 *
 * @param dataSource where connections come from
 * @param retry the retry rules
 * @param circuitBreaker the breaker rules
 * @param classifier which failures are retried, counted, evicting
 * @param listeners the event dispatcher
 * @param executor runs asynchronous calls; null for the default (see {@link AsyncExecutors})
 * @param commitVerificationTimeout how long to keep asking whether a failed COMMIT committed
 * @param clock the only time source
 * @param sleeper how backoff waits
 * @param random uniform numbers in [0, 1) for jitter
 */
public record ResilienceSettings(
        DataSource dataSource,
        RetryConfig retry,
        CircuitBreakerConfig circuitBreaker,
        SqlStateClassifier classifier,
        ListenerSupport listeners,
        Executor executor,
        Duration commitVerificationTimeout,
        Clock clock,
        Sleeper sleeper,
        DoubleSupplier random) {

    /** Checks the required components. */
    public ResilienceSettings {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(listeners, "listeners");
        Objects.requireNonNull(commitVerificationTimeout, "commitVerificationTimeout");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(random, "random");
    }

    /**
     * @param dataSource where connections come from
     * @return the defaults: default retry and breaker, standard classifier, no listener, default executor, 15 s
     *     commit verification, system clock, real sleeps, thread-local random jitter
     */
    public static ResilienceSettings of(DataSource dataSource) {
        return new ResilienceSettings(dataSource, RetryConfig.defaults(), CircuitBreakerConfig.defaults(),
                SqlStateClassifier.standard(), ListenerSupport.none(), null, Duration.ofSeconds(15), Clock.system(),
                Sleeper.system(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param value the retry rules @return a copy with them */
    public ResilienceSettings withRetry(RetryConfig value) {
        return new ResilienceSettings(dataSource, value, circuitBreaker, classifier, listeners, executor,
                commitVerificationTimeout, clock, sleeper, random);
    }

    /** @param value the breaker rules @return a copy with them */
    public ResilienceSettings withCircuitBreaker(CircuitBreakerConfig value) {
        return new ResilienceSettings(dataSource, retry, value, classifier, listeners, executor,
                commitVerificationTimeout, clock, sleeper, random);
    }

    /** @param value the classifier @return a copy with it */
    public ResilienceSettings withClassifier(SqlStateClassifier value) {
        return new ResilienceSettings(dataSource, retry, circuitBreaker, value, listeners, executor,
                commitVerificationTimeout, clock, sleeper, random);
    }

    /** @param value the dispatcher @return a copy with it */
    public ResilienceSettings withListeners(ListenerSupport value) {
        return new ResilienceSettings(dataSource, retry, circuitBreaker, classifier, value, executor,
                commitVerificationTimeout, clock, sleeper, random);
    }

    /** @param value the executor, or null for the default @return a copy with it */
    public ResilienceSettings withExecutor(Executor value) {
        return new ResilienceSettings(dataSource, retry, circuitBreaker, classifier, listeners, value,
                commitVerificationTimeout, clock, sleeper, random);
    }

    /** @param value the verification bound @return a copy with it */
    public ResilienceSettings withCommitVerificationTimeout(Duration value) {
        return new ResilienceSettings(dataSource, retry, circuitBreaker, classifier, listeners, executor, value,
                clock, sleeper, random);
    }

    /** @param value the clock @return a copy with it */
    public ResilienceSettings withClock(Clock value) {
        return new ResilienceSettings(dataSource, retry, circuitBreaker, classifier, listeners, executor,
                commitVerificationTimeout, value, sleeper, random);
    }

    /** @param value the sleeper @return a copy with it */
    public ResilienceSettings withSleeper(Sleeper value) {
        return new ResilienceSettings(dataSource, retry, circuitBreaker, classifier, listeners, executor,
                commitVerificationTimeout, clock, value, random);
    }

    /** @param value the random source @return a copy with it */
    public ResilienceSettings withRandom(DoubleSupplier value) {
        return new ResilienceSettings(dataSource, retry, circuitBreaker, classifier, listeners, executor,
                commitVerificationTimeout, clock, sleeper, value);
    }
}
