package dev.ballast.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.time.FakeClock;
import dev.ballast.resilience.BackoffType;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.CircuitOpenException;
import dev.ballast.resilience.CircuitState;
import dev.ballast.resilience.RetryConfig;
import dev.ballast.resilience.SqlCallable;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retry loop through the public operations, on a fake clock: nothing here sleeps. */
class RetryLoopTest {

    private final FakeClock clock = new FakeClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final RecordingListener listener = new RecordingListener();
    private final FakeJdbc jdbc = new FakeJdbc();
    private final AtomicInteger attempts = new AtomicInteger();

    private static final RetryConfig PLAIN = RetryConfig.builder().retryCount(3).retryDelay(Duration.ofSeconds(2))
            .backoffType(BackoffType.EXPONENTIAL).jitter(false).build();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private DefaultDatabaseResilience resilience(RetryConfig retry, CircuitBreakerConfig breaker) {
        return new DefaultDatabaseResilience(settings(retry, breaker));
    }

    private ResilienceSettings settings(RetryConfig retry, CircuitBreakerConfig breaker) {
        return ResilienceSettings.of(jdbc.dataSource()).withRetry(retry).withCircuitBreaker(breaker)
                .withListeners(ListenerSupport.none().with(listener)).withClock(clock).withSleeper(sleeper)
                .withRandom(() -> 0.0).withExecutor(Runnable::run);
    }

    private DefaultDatabaseResilience resilience(RetryConfig retry) {
        return resilience(retry, CircuitBreakerConfig.disabled());
    }

    /** @return an action that fails with these failures in turn, then returns "done" */
    private SqlCallable<String> failing(SQLException... failures) {
        return () -> {
            int n = attempts.incrementAndGet();
            if (n <= failures.length) {
                throw failures[n - 1];
            }
            return "done";
        };
    }

    @Test
    void aSuccessIsOneAttemptAndNoWait() throws Exception {
        assertThat(resilience(PLAIN).execute(failing())).isEqualTo("done");
        assertThat(attempts).hasValue(1);
        assertThat(sleeper.waits()).isEmpty();
        assertThat(listener.events()).containsExactly("attempt execute 1 ok");
    }

    @Test
    void retryCountThreeMeansFourAttemptsThenTheLastFailure() {
        SQLException last = Failures.server("53300");
        assertThatThrownBy(() -> resilience(PLAIN).execute(failing(Failures.ioFailure(), Failures.server("40P01"),
                Failures.server("57P01"), last, Failures.server("08006")))).isSameAs(last);
        assertThat(attempts).hasValue(4);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
    }

    @Test
    void succeedsOnALaterAttempt() throws Exception {
        assertThat(resilience(PLAIN).execute(failing(Failures.ioFailure(), Failures.serialization())))
                .isEqualTo("done");
        assertThat(attempts).hasValue(3);
        assertThat(listener.events()).containsExactly("attempt execute 1 08006", "retry execute 1 2000ms 08006",
                "attempt execute 2 40001", "retry execute 2 4000ms 40001", "attempt execute 3 ok");
    }

    @Test
    void constantAndLinearBackoff() throws Exception {
        resilience(PLAIN.toBuilder().backoffType(BackoffType.CONSTANT).build())
                .execute(failing(Failures.ioFailure(), Failures.ioFailure(), Failures.ioFailure()));
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(2));
        attempts.set(0);
        RecordingSleeper linearWaits = new RecordingSleeper(clock);
        new DefaultDatabaseResilience(settings(PLAIN.toBuilder().backoffType(BackoffType.LINEAR).build(),
                CircuitBreakerConfig.disabled()).withSleeper(linearWaits))
                .execute(failing(Failures.ioFailure(), Failures.ioFailure(), Failures.ioFailure()));
        assertThat(linearWaits.waits()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(6));
    }

    @Test
    void jitterAndCapApplyToTheWaits() throws Exception {
        resilience(PLAIN.toBuilder().jitter(true).maxRetryDelay(Duration.ofSeconds(5)).build())
                .execute(failing(Failures.ioFailure(), Failures.ioFailure(), Failures.ioFailure()));
        // random 0.0: 75 % of 2 s, 4 s, then 8 s capped to 5 s
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(1500), Duration.ofSeconds(3),
                Duration.ofMillis(3750));
    }

    @Test
    void aPermanentFailureIsThrownAtOnce() {
        SQLException unique = Failures.uniqueViolation();
        assertThatThrownBy(() -> resilience(PLAIN).execute(failing(unique))).isSameAs(unique);
        assertThat(attempts).hasValue(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void zeroRetriesMeansOneAttempt() {
        assertThatThrownBy(() -> resilience(RetryConfig.disabled()).execute(failing(Failures.ioFailure())))
                .isInstanceOf(SQLException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void runtimeExceptionsAroundTransientFailuresAreRetriedAndRethrownAsIs() {
        RuntimeException wrapped = new RuntimeException(Failures.ioFailure());
        assertThatThrownBy(() -> resilience(PLAIN).execute(() -> {
            attempts.incrementAndGet();
            throw wrapped;
        })).isSameAs(wrapped);
        assertThat(attempts).hasValue(4);
    }

    @Test
    void runnablesAreRetriedToo() throws Exception {
        resilience(PLAIN).execute(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw Failures.ioFailure();
            }
        });
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aPendingInterruptStopsRetryingAndKeepsTheFlag() {
        SQLException failure = Failures.ioFailure();
        assertThatThrownBy(() -> resilience(PLAIN).execute(() -> {
            attempts.incrementAndGet();
            Thread.currentThread().interrupt();
            throw failure;
        })).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("57014");
            assertThat(e.getCause()).isSameAs(failure);
        });
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(attempts).hasValue(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void anInterruptDuringTheWaitStopsRetryingAndKeepsTheFlag() {
        InterruptedException interrupt = new InterruptedException("stop");
        DefaultDatabaseResilience r = new DefaultDatabaseResilience(settings(PLAIN, CircuitBreakerConfig.disabled())
                .withSleeper(nanos -> {
                    throw interrupt;
                }));
        assertThatThrownBy(() -> r.execute(failing(Failures.ioFailure(), Failures.ioFailure())))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("57014");
                    assertThat(e.getSuppressed()).containsExactly(interrupt);
                    assertThat((Throwable) e).hasMessageContaining("interrupted");
                });
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aRealInterruptWakesARealBackoffWait() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        RecordingListener events = new RecordingListener() {
            @Override
            public void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {
                waiting.countDown();
            }
        };
        DefaultDatabaseResilience r = new DefaultDatabaseResilience(ResilienceSettings.of(jdbc.dataSource())
                .withRetry(PLAIN.toBuilder().retryDelay(Duration.ofHours(1)).maxRetryDelay(Duration.ofHours(1))
                        .build())
                .withListeners(ListenerSupport.none().with(events)).withExecutor(Runnable::run));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                r.execute(failing(Failures.ioFailure(), Failures.ioFailure()));
            } catch (SQLException e) {
                thrown.set(e);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(SQLException.class).hasMessageContaining("interrupted");
        assertThat(flagAfter.get()).isTrue();
        assertThat(attempts).hasValue(1);
    }

    @Test
    void retryIsOutsideTheBreakerAndAnOpenCircuitIsNotRetried() {
        DefaultDatabaseResilience r = resilience(PLAIN.toBuilder().retryCount(5).build(),
                CircuitBreakerConfig.builder().minimumThroughput(2).failureRatio(0.5).build());
        SQLException second = Failures.ioFailure();
        assertThatThrownBy(() -> r.execute(failing(Failures.ioFailure(), second, Failures.ioFailure(),
                Failures.ioFailure()))).isInstanceOfSatisfying(CircuitOpenException.class, e -> {
                    assertThat(e.getSuppressed()).containsExactly(second);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
                });
        assertThat(attempts).hasValue(2);
        assertThat(sleeper.waits()).hasSize(1); // no pointless wait once the circuit is open
        assertThat(r.circuitState()).isEqualTo(CircuitState.OPEN);
        assertThat(listener.events()).containsExactly("attempt execute 1 08006", "retry execute 1 2000ms 08006",
                "attempt execute 2 08006", "state CLOSED->OPEN", "rejected OPEN");
    }

    @Test
    void eachAttemptIsCountedOnce() {
        DefaultDatabaseResilience r = resilience(PLAIN.toBuilder().retryCount(1).build(),
                CircuitBreakerConfig.builder().minimumThroughput(3).failureRatio(1.0).build());
        assertThatThrownBy(() -> r.execute(failing(Failures.ioFailure(), Failures.ioFailure())))
                .isInstanceOf(SQLException.class).isNotInstanceOf(CircuitOpenException.class);
        assertThat(r.circuitState()).isEqualTo(CircuitState.CLOSED); // 2 attempts < 3: not 4 counts
    }

    @Test
    void anOpenCircuitFailsAtOnceWithoutCallingTheWork() {
        DefaultDatabaseResilience r = resilience(PLAIN, CircuitBreakerConfig.defaults());
        r.isolate();
        assertThatThrownBy(() -> r.execute(failing())).isInstanceOf(CircuitOpenException.class);
        assertThatThrownBy(() -> r.withConnection(c -> "x")).isInstanceOf(CircuitOpenException.class);
        assertThat(attempts).hasValue(0);
        assertThat(jdbc.opened()).isZero();
        assertThat(sleeper.waits()).isEmpty();
        r.closeCircuit();
        assertThat(r.circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void contentionIsRetriedWithoutOpeningTheCircuit() throws Exception {
        DefaultDatabaseResilience r = resilience(PLAIN, CircuitBreakerConfig.builder().minimumThroughput(2).build());
        assertThat(r.execute(failing(Failures.serialization(), Failures.server("40P01"), Failures.serialization())))
                .isEqualTo("done");
        assertThat(r.circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void theBreakerRecoversThroughTheEngine() throws Exception {
        DefaultDatabaseResilience r = resilience(RetryConfig.disabled(),
                CircuitBreakerConfig.builder().minimumThroughput(2).breakDuration(Duration.ofSeconds(10)).build());
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> r.execute(() -> {
                throw Failures.ioFailure();
            })).isNotInstanceOf(CircuitOpenException.class);
        }
        assertThatThrownBy(() -> r.execute(failing())).isInstanceOf(CircuitOpenException.class);
        clock.advance(Duration.ofSeconds(10));
        assertThat(r.circuitState()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(r.execute(failing())).isEqualTo("done");
        assertThat(r.circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void withConnectionUsesAFreshConnectionPerAttemptAndClosesIt() throws Exception {
        DefaultDatabaseResilience r = resilience(PLAIN);
        String result = r.withConnection(c -> {
            if (attempts.incrementAndGet() == 1) {
                throw Failures.ioFailure();
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(jdbc.log()).containsExactly("open 1", "close 1", "open 2", "close 2");
    }

    @Test
    void aFailingConnectCountsAsAnAttempt() throws Exception {
        jdbc.onOpen(n -> {
            if (n == 1) {
                throw Failures.server("57P03");
            }
        });
        String result = resilience(PLAIN).withConnection(c -> "ok");
        assertThat(result).isEqualTo("ok");
        assertThat(listener.events("attempt")).containsExactly("attempt withConnection 1 57P03",
                "attempt withConnection 2 ok");
    }

    @Test
    void listenerFailuresDoNotBreakTheCall() throws Exception {
        RecordingListener throwing = new RecordingListener() {
            @Override
            public void attemptFinished(String operation, int attempt, Throwable failure) {
                throw new IllegalStateException("listener bug");
            }
        };
        DefaultDatabaseResilience r = new DefaultDatabaseResilience(settings(PLAIN, CircuitBreakerConfig.defaults())
                .withListeners(ListenerSupport.none().with(throwing)));
        assertThat(r.execute(failing(Failures.ioFailure()))).isEqualTo("done");
    }

    @Test
    void theSuccessPathAllocatesNothing() throws Exception {
        // Reflection: the test sources are compiled inside the module, which does not read java.management.
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                .invoke(null);
        java.lang.reflect.Method allocatedBytes = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getThreadAllocatedBytes", long.class);
        DefaultDatabaseResilience r = new DefaultDatabaseResilience(
                ResilienceSettings.of(jdbc.dataSource()).withExecutor(Runnable::run));
        Object value = new Object();
        SqlCallable<Object> action = () -> value;
        for (int i = 0; i < 200_000; i++) {
            r.execute(action);
        }
        long tid = Thread.currentThread().getId();
        allocatedBytes.invoke(threads, tid);
        long before = (Long) allocatedBytes.invoke(threads, tid);
        for (int i = 0; i < 100_000; i++) {
            r.execute(action);
        }
        long allocated = (Long) allocatedBytes.invoke(threads, tid) - before;
        assertThat(allocated).as("bytes allocated by 100 000 successful calls").isLessThan(10_000);
    }

    @Test
    void eventsNameTheOperation() throws Exception {
        DefaultDatabaseResilience r = resilience(PLAIN);
        r.withConnection(c -> 1);
        r.inTransaction(c -> 1);
        assertThat(listener.events()).isEqualTo(List.of("attempt withConnection 1 ok", "attempt inTransaction 1 ok"));
    }
}
