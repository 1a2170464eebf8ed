package dev.ballast.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.internal.time.FakeClock;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.CircuitOpenException;
import dev.ballast.resilience.CircuitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final Duration BREAK = Duration.ofSeconds(60);

    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener();
    private final CircuitBreaker breaker = new CircuitBreaker(CircuitBreakerConfig.builder().minimumThroughput(5)
            .failureRatio(0.5).samplingDuration(Duration.ofSeconds(30)).breakDuration(BREAK).build(), clock, listener);

    private void succeed(int times) throws CircuitOpenException {
        for (int i = 0; i < times; i++) {
            breaker.onSuccess(breaker.acquire());
        }
    }

    private void fail(int times) throws CircuitOpenException {
        for (int i = 0; i < times; i++) {
            breaker.onFailure(breaker.acquire(), true);
        }
    }

    private void open() throws CircuitOpenException {
        fail(5);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void opensWhenThroughputAndRatioAreReached() throws Exception {
        succeed(2);
        fail(2);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED); // 4 calls: below the minimum throughput
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN); // 3 of 5 failed: 0.6 >= 0.5
        assertThat(listener.events("state")).containsExactly("state CLOSED->OPEN");
    }

    @Test
    void staysClosedBelowTheMinimumThroughput() throws Exception {
        fail(4);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void staysClosedBelowTheRatio() throws Exception {
        succeed(6);
        fail(5);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED); // 5 of 11
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN); // 6 of 12
    }

    @Test
    void failuresItDoesNotCountAreSuccesses() throws Exception {
        for (int i = 0; i < 10; i++) {
            breaker.onFailure(breaker.acquire(), false);
        }
        fail(9);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED); // 9 of 19
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void oldOutcomesExpireAsTheWindowSlides() throws Exception {
        fail(4);
        clock.advance(Duration.ofSeconds(30));
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED); // the first four have expired
        fail(3);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void outcomesWithinTheWindowStillCount() throws Exception {
        fail(4);
        clock.advance(Duration.ofSeconds(26));
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void oldSuccessesExpireToo() throws Exception {
        succeed(100);
        clock.advance(Duration.ofSeconds(31));
        fail(5);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void rejectsWhileOpenWithTheRemainingBreak() throws Exception {
        open();
        clock.advance(Duration.ofSeconds(20));
        assertThatThrownBy(breaker::acquire).isInstanceOfSatisfying(CircuitOpenException.class, e -> {
            assertThat(e.state()).isEqualTo(CircuitState.OPEN);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(40));
        });
        assertThat(listener.events("rejected")).containsExactly("rejected OPEN");
    }

    @Test
    void outcomesOfCallsAdmittedBeforeItOpenedAreIgnored() throws Exception {
        long early = breaker.acquire();
        open();
        breaker.onSuccess(early);
        breaker.onFailure(early, true);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void readsHalfOpenOnceTheBreakIsOver() throws Exception {
        open();
        clock.advance(BREAK.minusNanos(1));
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        clock.advance(Duration.ofNanos(1));
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void letsExactlyOneProbeThroughAndRejectsTheRest() throws Exception {
        open();
        clock.advance(BREAK);
        long probe = breaker.acquire();
        assertThat(probe).isNotEqualTo(CircuitBreaker.NOT_A_PROBE);
        assertThatThrownBy(breaker::acquire).isInstanceOfSatisfying(CircuitOpenException.class,
                e -> assertThat(e.state()).isEqualTo(CircuitState.HALF_OPEN));
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void exactlyOneProbeUnderConcurrency() throws Exception {
        open();
        clock.advance(BREAK);
        int threads = 16;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    breaker.acquire();
                    probes.incrementAndGet();
                } catch (CircuitOpenException e) {
                    rejected.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            t.start();
            started.add(t);
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(probes).hasValue(1);
        assertThat(rejected).hasValue(threads - 1);
        assertThat(listener.events("state")).containsExactly("state CLOSED->OPEN", "state OPEN->HALF_OPEN");
    }

    @Test
    void aSuccessfulProbeClosesAndForgetsThePast() throws Exception {
        open();
        clock.advance(BREAK);
        breaker.onSuccess(breaker.acquire());
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(listener.events("state")).containsExactly("state CLOSED->OPEN", "state OPEN->HALF_OPEN",
                "state HALF_OPEN->CLOSED");
    }

    @Test
    void aProbeFailingWithAnUncountedErrorClosesToo() throws Exception {
        open();
        clock.advance(BREAK);
        breaker.onFailure(breaker.acquire(), false);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aFailedProbeReopensForAnotherBreak() throws Exception {
        open();
        clock.advance(BREAK);
        breaker.onFailure(breaker.acquire(), true);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThatThrownBy(breaker::acquire).isInstanceOfSatisfying(CircuitOpenException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(BREAK));
        assertThat(listener.events("state")).containsExactly("state CLOSED->OPEN", "state OPEN->HALF_OPEN",
                "state HALF_OPEN->OPEN");
    }

    @Test
    void aHungProbeDoesNotWedgeTheBreaker() throws Exception {
        open();
        clock.advance(BREAK);
        long hung = breaker.acquire();
        clock.advance(BREAK.minusSeconds(1));
        assertThatThrownBy(breaker::acquire).isInstanceOfSatisfying(CircuitOpenException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));
        long second = breaker.acquire();
        assertThat(second).isNotEqualTo(hung).isNotEqualTo(CircuitBreaker.NOT_A_PROBE);
        breaker.onSuccess(hung); // too late: superseded
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        breaker.onSuccess(second);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void isolateRejectsUntilClosedByHand() throws Exception {
        breaker.isolate();
        breaker.isolate();
        assertThat(breaker.state()).isEqualTo(CircuitState.ISOLATED);
        clock.advance(Duration.ofHours(1));
        assertThatThrownBy(breaker::acquire).isInstanceOfSatisfying(CircuitOpenException.class,
                e -> assertThat(e.state()).isEqualTo(CircuitState.ISOLATED));
        breaker.close();
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.acquire()).isEqualTo(CircuitBreaker.NOT_A_PROBE);
        assertThat(listener.events("state")).containsExactly("state CLOSED->ISOLATED", "state ISOLATED->CLOSED");
    }

    @Test
    void closingByHandFromOpenForgetsThePast() throws Exception {
        open();
        breaker.close();
        fail(4);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aProbeOutcomeAfterAManualChangeIsIgnored() throws Exception {
        open();
        clock.advance(BREAK);
        long probe = breaker.acquire();
        breaker.isolate();
        breaker.onSuccess(probe);
        assertThat(breaker.state()).isEqualTo(CircuitState.ISOLATED);
    }

    @Test
    void aDisabledBreakerNeverOpensButCanBeIsolated() throws Exception {
        CircuitBreaker disabled = new CircuitBreaker(CircuitBreakerConfig.disabled(), clock, listener);
        for (int i = 0; i < 100; i++) {
            disabled.onFailure(disabled.acquire(), true);
        }
        assertThat(disabled.state()).isEqualTo(CircuitState.CLOSED);
        disabled.isolate();
        assertThatThrownBy(disabled::acquire).isInstanceOf(CircuitOpenException.class);
    }
}
