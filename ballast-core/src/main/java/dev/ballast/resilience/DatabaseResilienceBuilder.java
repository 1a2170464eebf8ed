package dev.ballast.resilience;

import dev.ballast.event.BallastListener;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.resilience.DefaultDatabaseResilience;
import dev.ballast.internal.resilience.ResilienceSettings;
import dev.ballast.postgres.SqlStateClassifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Builds a {@link DatabaseResilience}. Every setter checks its argument at once. Not thread-safe; the instance it
 * builds is.
 */
public final class DatabaseResilienceBuilder {

    private final DataSource dataSource;
    private RetryConfig retry = RetryConfig.defaults();
    private CircuitBreakerConfig circuitBreaker = CircuitBreakerConfig.defaults();
    private SqlStateClassifier classifier = SqlStateClassifier.standard();
    private final List<BallastListener> listeners = new ArrayList<>();
    private Executor executor;
    private Duration commitVerificationTimeout = Duration.ofSeconds(15);

    DatabaseResilienceBuilder(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
    }

    /**
     * @param retry the retry configuration; default {@link RetryConfig#defaults()}
     * @return this builder
     * @throws NullPointerException if null
     */
    public DatabaseResilienceBuilder retry(RetryConfig retry) {
        this.retry = Objects.requireNonNull(retry, "retry must not be null");
        return this;
    }

    /**
     * @param circuitBreaker the breaker configuration; default {@link CircuitBreakerConfig#defaults()}
     * @return this builder
     * @throws NullPointerException if null
     */
    public DatabaseResilienceBuilder circuitBreaker(CircuitBreakerConfig circuitBreaker) {
        this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker must not be null");
        return this;
    }

    /**
     * @param classifier decides which failures are retried and counted; default
     *     {@link SqlStateClassifier#standard()} (use {@link SqlStateClassifier#withAdditionalTransient} for the
     *     option {@code AdditionalTransientSqlStates})
     * @return this builder
     * @throws NullPointerException if null
     */
    public DatabaseResilienceBuilder classifier(SqlStateClassifier classifier) {
        this.classifier = Objects.requireNonNull(classifier, "classifier must not be null");
        return this;
    }

    /**
     * @param listener receives attempt, retry, rejection and breaker events; may be called several times to add
     *     several listeners, called in that order
     * @return this builder
     * @throws NullPointerException if null
     */
    public DatabaseResilienceBuilder listener(BallastListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
        return this;
    }

    /**
     * @param executor runs the asynchronous operations; default: virtual threads on JDK 21 and later, otherwise a
     *     pool of daemon threads ({@code max(4, 2 × processors)} threads, idle ones end after 30 s, unbounded
     *     queue). The caller owns an executor it passes here.
     * @return this builder
     * @throws NullPointerException if null
     */
    public DatabaseResilienceBuilder executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
        return this;
    }

    /**
     * @param timeout how long {@code inTransaction} keeps asking the server, after a failure during COMMIT, whether
     *     the transaction committed, before giving up with {@link CommitOutcomeUnknownException}; 0 to 24 h;
     *     default 15 s
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws NullPointerException if null
     */
    public DatabaseResilienceBuilder commitVerificationTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "CommitVerificationTimeout must not be null");
        if (timeout.isNegative() || timeout.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException(
                    "CommitVerificationTimeout must be between 0 and 24 h, but was " + timeout);
        }
        this.commitVerificationTimeout = timeout;
        return this;
    }

    /** @return a new {@link DatabaseResilience} with a closed circuit */
    public DatabaseResilience build() {
        return new DefaultDatabaseResilience(ResilienceSettings.of(dataSource)
                .withRetry(retry)
                .withCircuitBreaker(circuitBreaker)
                .withClassifier(classifier)
                .withListeners(new ListenerSupport(listeners))
                .withExecutor(executor)
                .withCommitVerificationTimeout(commitVerificationTimeout));
    }
}
