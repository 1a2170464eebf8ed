package dev.ballast.benchmarks.resilience;

import dev.ballast.benchmarks.pool.ConnectionTarget;
import dev.ballast.resilience.BackoffType;
import dev.ballast.resilience.DatabaseResilience;
import dev.ballast.resilience.SqlCallable;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 5: what retry + circuit breaker add to a call that succeeds, per call, single-threaded. Every variant protects
 * the same action — a lambda returning a field, allocated once — and returns its result to JMH. Semantics are the
 * same everywhere: retry outside, breaker inside; 3 retries (4 attempts), 2 s constant delay, no jitter, only
 * transient SQLSTATEs retried and counted; breaker with failure ratio 0.5, minimum 5 calls in a 30 s time window,
 * 60 s open, one probe.
 *
 * <ul>
 *   <li>{@code bare} — the action called directly: the baseline.
 *   <li>{@code ballast} — {@code DatabaseResilience.execute(action)}: Ballast's engine, retry and breaker both on.
 *   <li>{@code resilience4j} — {@code Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(breaker,
 *       action)).call()}: decorated per call, as code does when the action varies per call (it does in real use:
 *       it captures its arguments).
 *   <li>{@code resilience4jPredecorated} — the same chain decorated once in setup and called: Resilience4j's best
 *       case, possible only when the action never changes.
 *   <li>{@code failsafe} — {@code Failsafe.with(retry, breaker)} built once, {@code .get(action)} per call.
 * </ul>
 *
 * <p>Report: average ns per call; with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ResilienceBenchmark {

    /** The protected action's result; a field so the JIT cannot fold it to a constant. */
    public Integer value = 42;

    /** The action in the shape each library takes it. */
    private SqlCallable<Integer> sqlCallable;
    private Callable<Integer> callable;
    private CheckedSupplier<Integer> supplier;

    private DatabaseResilience ballast;

    private Retry r4jRetry;
    private CircuitBreaker r4jBreaker;
    private Callable<Integer> r4jPredecorated;
    private FailsafeExecutor<Integer> failsafe;

    /** Builds each library's policies once, as an application does at start-up. */
    @Setup
    public void setUp() {
        sqlCallable = () -> value;
        callable = () -> value;
        supplier = () -> value;

        // the data source is only used by withConnection/inTransaction, never by execute
        ballast = DatabaseResilience.builder(ConnectionTarget.noop().dataSource())
                .retry(dev.ballast.resilience.RetryConfig.builder()
                        .retryCount(3)
                        .retryDelay(Duration.ofSeconds(2))
                        .backoffType(BackoffType.CONSTANT)
                        .jitter(false)
                        .build())
                .circuitBreaker(dev.ballast.resilience.CircuitBreakerConfig.builder()
                        .enabled(true)
                        .failureRatio(0.5)
                        .minimumThroughput(5)
                        .samplingDuration(Duration.ofSeconds(30))
                        .breakDuration(Duration.ofSeconds(60))
                        .build())
                .build();

        r4jRetry = Retry.of("benchmark", RetryConfig.custom()
                .maxAttempts(4)
                .waitDuration(Duration.ofSeconds(2))
                .retryOnException(TransientFailures::isTransient)
                .ignoreExceptions(CallNotPermittedException.class)
                .build());
        r4jBreaker = CircuitBreaker.of("benchmark", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize(30)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(TransientFailures::isTransient)
                .build());
        r4jPredecorated = Retry.decorateCallable(r4jRetry, CircuitBreaker.decorateCallable(r4jBreaker, callable));

        RetryPolicy<Integer> retryPolicy = RetryPolicy.<Integer>builder()
                .handleIf(TransientFailures::isTransient)
                .abortOn(CircuitBreakerOpenException.class)
                .withMaxRetries(3)
                .withDelay(Duration.ofSeconds(2))
                .build();
        dev.failsafe.CircuitBreaker<Integer> breaker = dev.failsafe.CircuitBreaker.<Integer>builder()
                .handleIf(TransientFailures::isTransient)
                .withFailureRateThreshold(50, 5, Duration.ofSeconds(30))
                .withDelay(Duration.ofSeconds(60))
                .withSuccessThreshold(1)
                .build();
        failsafe = Failsafe.with(retryPolicy, breaker);
    }

    /** @return the action's result, called directly */
    @Benchmark
    public Integer bare() throws Exception {
        return callable.call();
    }

    /** @return the action's result through Ballast's retry and circuit breaker */
    @Benchmark
    public Integer ballast() throws SQLException {
        return ballast.execute(sqlCallable);
    }

    /** @return the action's result through Resilience4j, decorated per call */
    @Benchmark
    public Integer resilience4j() throws Exception {
        return Retry.decorateCallable(r4jRetry, CircuitBreaker.decorateCallable(r4jBreaker, callable)).call();
    }

    /** @return the action's result through a Resilience4j chain decorated once */
    @Benchmark
    public Integer resilience4jPredecorated() throws Exception {
        return r4jPredecorated.call();
    }

    /** @return the action's result through Failsafe */
    @Benchmark
    public Integer failsafe() {
        return failsafe.get(supplier);
    }
}
