package dev.ballast.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.time.FakeClock;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.RetryConfig;
import dev.ballast.resilience.TransactionOptions;
import dev.ballast.testing.Await;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Asynchronous calls: results, failures, and cancellation that stops retries and cancels the statement. */
class AsyncCallTest {

    private static final long WAIT = 10;

    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener();
    private final FakeJdbc jdbc = new FakeJdbc();
    private final AtomicInteger attempts = new AtomicInteger();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void shutDown() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(WAIT, TimeUnit.SECONDS)).isTrue();
    }

    private DefaultDatabaseResilience resilience(Sleeper sleeper, Duration retryDelay) {
        return new DefaultDatabaseResilience(ResilienceSettings.of(jdbc.dataSource())
                .withRetry(RetryConfig.builder().retryCount(5).retryDelay(retryDelay).maxRetryDelay(retryDelay)
                        .jitter(false).build())
                .withCircuitBreaker(CircuitBreakerConfig.disabled())
                .withListeners(ListenerSupport.none().with(listener))
                .withClock(clock).withSleeper(sleeper).withExecutor(executor));
    }

    @Test
    void completesWithTheResultAfterRetries() throws Exception {
        DefaultDatabaseResilience r = resilience(new RecordingSleeper(clock), Duration.ofSeconds(1));
        CompletableFuture<String> future = r.executeAsync(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw Failures.ioFailure();
            }
            return "done";
        });
        assertThat(future.get(WAIT, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void completesExceptionallyWithThePermanentFailure() {
        SQLException unique = Failures.uniqueViolation();
        CompletableFuture<Object> future = resilience(new RecordingSleeper(clock), Duration.ofSeconds(1))
                .executeAsync(() -> {
                    throw unique;
                });
        assertThatThrownBy(() -> future.get(WAIT, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseReference(unique);
    }

    @Test
    void theBackoffHoldsNoThreadAndACancelDuringItStopsRetrying() throws Exception {
        List<Runnable> scheduled = new CopyOnWriteArrayList<>();
        Sleeper neverSleeps = new Sleeper() {
            @Override
            public void sleep(long nanos) {
                throw new AssertionError("an asynchronous call must not wait on a thread");
            }

            @Override
            public void schedule(long nanos, Runnable task) {
                scheduled.add(task); // the test decides when the backoff is over
            }
        };
        CompletableFuture<String> future = resilience(neverSleeps, Duration.ofHours(1)).executeAsync(() -> {
            attempts.incrementAndGet();
            throw Failures.ioFailure();
        });
        Await.until(Duration.ofSeconds(WAIT), () -> scheduled.size() == 1, "the retry to be scheduled");
        // Both executor threads are free during the backoff.
        CountDownLatch both = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            executor.execute(() -> {
                both.countDown();
                awaitUninterruptibly(both);
            });
        }
        assertThat(both.await(WAIT, TimeUnit.SECONDS)).isTrue();

        assertThat(future.cancel(true)).isTrue();
        scheduled.get(0).run(); // the backoff ends after the cancel
        assertThat(executor.submit(() -> "drained").get(WAIT, TimeUnit.SECONDS)).isEqualTo("drained");
        assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
        assertThat(attempts).hasValue(1);
        assertThat(scheduled).hasSize(1);
    }

    @Test
    void aRetryRunsAsANewTaskAfterTheScheduledBackoff() throws Exception {
        RecordingSleeper sleeper = new RecordingSleeper(clock);
        List<String> threads = new CopyOnWriteArrayList<>();
        CompletableFuture<String> future = resilience(sleeper, Duration.ofSeconds(1)).executeAsync(() -> {
            threads.add(Thread.currentThread().getName());
            if (attempts.incrementAndGet() < 3) {
                throw Failures.ioFailure();
            }
            return "done";
        });
        assertThat(future.get(WAIT, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1)); // capped at 1 s
        assertThat(threads).hasSize(3);
    }

    @Test
    void cancelInterruptsTheRunningAttempt() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CompletableFuture<String> future = resilience(new RecordingSleeper(clock), Duration.ofSeconds(1))
                .executeAsync(() -> {
                    attempts.incrementAndGet();
                    running.countDown();
                    try {
                        new CountDownLatch(1).await(); // blocks until interrupted
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        Thread.currentThread().interrupt();
                        throw new SQLException("interrupted", "08006", e); // looks transient: still not retried
                    }
                    return "never";
                });
        assertThat(running.await(WAIT, TimeUnit.SECONDS)).isTrue();
        future.cancel(true);
        assertThat(interrupted.await(WAIT, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.submit(() -> Thread.currentThread().isInterrupted()).get(WAIT, TimeUnit.SECONDS))
                .isFalse();
        assertThat(attempts).hasValue(1);
        assertThat(listener.events("retry")).isEmpty();
    }

    @Test
    void cancelCancelsTheRunningStatementOnTheServerBeforeTheConnectionIsReturned() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch cancelledOnServer = new CountDownLatch(1);
        jdbc.onCancel(cancelledOnServer::countDown);
        CompletableFuture<String> future = resilience(new RecordingSleeper(clock), Duration.ofSeconds(1))
                .withConnectionAsync(c -> {
                    attempts.incrementAndGet();
                    running.countDown();
                    awaitUninterruptibly(cancelledOnServer); // the driver's statement, until the server cancels it
                    throw Failures.server("57014");
                });
        assertThat(running.await(WAIT, TimeUnit.SECONDS)).isTrue();
        future.cancel(false);
        assertThat(cancelledOnServer.await(WAIT, TimeUnit.SECONDS)).isTrue();
        awaitLog("close 1");
        assertThat(jdbc.log()).containsExactly("open 1", "cancel 1", "close 1");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aTimeoutStopsRetriesAndCancelsTheStatement() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch cancelledOnServer = new CountDownLatch(1);
        jdbc.onCancel(cancelledOnServer::countDown);
        CompletableFuture<String> future = resilience(new RecordingSleeper(clock), Duration.ofSeconds(1))
                .inTransactionAsync(TransactionOptions.defaults(), c -> {
                    attempts.incrementAndGet();
                    running.countDown();
                    awaitUninterruptibly(cancelledOnServer);
                    throw Failures.ioFailure(); // transient, but the call is over: not retried
                });
        assertThat(running.await(WAIT, TimeUnit.SECONDS)).isTrue();
        future.completeExceptionally(new TimeoutException("caller gave up"));
        assertThat(cancelledOnServer.await(WAIT, TimeUnit.SECONDS)).isTrue();
        awaitLog("close 1");
        assertThat(jdbc.log()).containsExactly("open 1", "cancel 1", "rollback 1", "close 1");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aTransactionCancelledBeforeItsCommitIsRolledBack() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        CompletableFuture<String> future = resilience(new RecordingSleeper(clock), Duration.ofSeconds(1))
                .inTransactionAsync(c -> {
                    running.countDown();
                    awaitUninterruptibly(cancelled);
                    return "work done, not committed";
                });
        assertThat(running.await(WAIT, TimeUnit.SECONDS)).isTrue();
        future.cancel(false);
        cancelled.countDown();
        awaitLog("close 1");
        assertThat(jdbc.log("commit")).isEmpty();
        assertThat(jdbc.log()).contains("rollback 1");
    }

    @Test
    void aCallCancelledBeforeItStartsNeverRuns() throws Exception {
        CountDownLatch block = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            executor.execute(() -> {
                blocking.countDown();
                awaitUninterruptibly(block);
            });
        }
        assertThat(blocking.await(WAIT, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> future = resilience(new RecordingSleeper(clock), Duration.ofSeconds(1))
                .executeAsync(() -> {
                    attempts.incrementAndGet();
                    return "ran";
                });
        future.cancel(true);
        block.countDown();
        assertThat(executor.submit(() -> "drained").get(WAIT, TimeUnit.SECONDS)).isEqualTo("drained");
        assertThat(attempts).hasValue(0);
    }

    @Test
    void theDefaultExecutorRunsCalls() throws Exception {
        DefaultDatabaseResilience r = new DefaultDatabaseResilience(ResilienceSettings.of(jdbc.dataSource()));
        assertThat(r.executeAsync(() -> Thread.currentThread().isDaemon()).get(WAIT, TimeUnit.SECONDS)).isTrue();
    }

    private void awaitLog(String entry) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (!jdbc.log().contains(entry) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        assertThat(jdbc.log()).contains(entry);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
