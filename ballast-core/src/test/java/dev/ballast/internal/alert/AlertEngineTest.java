package dev.ballast.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.alert.Alert;
import dev.ballast.alert.AlertRule;
import dev.ballast.alert.AlertThresholds;
import dev.ballast.event.BallastListener;
import dev.ballast.internal.time.FakeClock;
import dev.ballast.pool.PoolStats;
import dev.ballast.resilience.CircuitState;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every built-in rule firing and clearing, on a fake clock: the tests move time, never sleep. Each evaluation is
 * what the engine's thread does once a second.
 */
class AlertEngineTest {

    private final FakeClock clock = new FakeClock();
    private final AlertInputs inputs = new AlertInputs(clock);
    private final Recorder events = new Recorder();
    private volatile PoolStats stats = stats(2, 2, 0);
    private volatile CircuitState breaker = CircuitState.CLOSED;

    /** Records alert events in order. */
    static final class Recorder implements BallastListener {
        final List<String> log = new ArrayList<>();
        final List<Alert> fired = new ArrayList<>();

        @Override
        public void alertFired(Alert alert) {
            log.add("fired " + alert.name());
            fired.add(alert);
        }

        @Override
        public void alertCleared(Alert alert) {
            log.add("cleared " + alert.name());
        }
    }

    private static PoolStats stats(int total, int used, int pending) {
        return new PoolStats(total, total - used, used, pending, 10, 2, 0, total, 0, 0, 0);
    }

    private AlertEngine engine(AlertThresholds thresholds) {
        return new AlertEngine(thresholds, "orders", inputs, () -> stats, () -> breaker, events, clock,
                java.time.Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC));
    }

    private AlertEngine engine() {
        return engine(AlertThresholds.defaults());
    }

    /** Evaluates once a second for {@code seconds} seconds (the first evaluation after one second). */
    private void run(AlertEngine engine, int seconds) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            engine.evaluate();
        }
    }

    @Test
    void utilisationAbove80PercentFiresAfter30SecondsAndClearsWhenItDrops() {
        AlertEngine engine = engine();
        stats = stats(10, 9, 0);
        engine.evaluate(); // the condition starts holding now
        run(engine, 29);
        assertThat(events.log).isEmpty();
        run(engine, 1);
        assertThat(events.log).containsExactly("fired pool_utilisation_high");
        Alert alert = events.fired.get(0);
        assertThat(alert.rule()).isEqualTo(AlertRule.POOL_UTILISATION);
        assertThat(alert.pool()).isEqualTo("orders");
        assertThat(alert.message()).contains("9 of 10", "90%", "30 s");
        assertThat(alert.firedAt()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
        assertThat(engine.active()).containsExactly(alert);
        assertThat(engine.activeNames()).containsExactly("pool_utilisation_high");

        run(engine, 100);
        assertThat(events.log).as("fires once, however long it lasts").hasSize(1);

        stats = stats(10, 8, 0); // exactly 80% is not above 80%
        run(engine, 1);
        assertThat(events.log).containsExactly("fired pool_utilisation_high", "cleared pool_utilisation_high");
        assertThat(engine.active()).isEmpty();
        assertThat(engine.activeNames()).isEmpty();
    }

    @Test
    void utilisationThatDipsRestartsTheClock() {
        AlertEngine engine = engine();
        stats = stats(10, 10, 0);
        engine.evaluate();
        run(engine, 20);
        stats = stats(10, 5, 0);
        run(engine, 1);
        stats = stats(10, 10, 0);
        run(engine, 1); // holds again from here
        run(engine, 29);
        assertThat(events.log).isEmpty();
        run(engine, 1);
        assertThat(events.log).containsExactly("fired pool_utilisation_high");
    }

    @Test
    void waitersPresentFor30SecondsFiresAndClearsWhenNoOneWaits() {
        AlertEngine engine = engine(AlertThresholds.builder().disable(AlertRule.POOL_UTILISATION).build());
        stats = stats(10, 10, 3);
        engine.evaluate();
        run(engine, 29);
        assertThat(events.log).isEmpty();
        run(engine, 1);
        assertThat(events.log).containsExactly("fired pool_waiters_present");
        assertThat(events.fired.get(0).message()).contains("3 callers waiting", "10 of 10 in use");
        assertThat(engine.isActive(AlertRule.WAITERS_PRESENT)).isTrue();

        stats = stats(10, 10, 0);
        run(engine, 1);
        assertThat(events.log).containsExactly("fired pool_waiters_present", "cleared pool_waiters_present");
        assertThat(engine.isActive(AlertRule.WAITERS_PRESENT)).isFalse();
    }

    @Test
    void aBorrowTimeoutFiresAtOnceAndClearsAfterAQuietMinute() {
        AlertEngine engine = engine();
        run(engine, 5);
        inputs.borrowTimeout(TimeUnit.SECONDS.toNanos(15));
        run(engine, 1);
        assertThat(events.log).containsExactly("fired borrow_timeout");
        assertThat(events.fired.get(0).message()).contains("timed out", "1 since start");

        run(engine, 30);
        inputs.borrowTimeout(TimeUnit.SECONDS.toNanos(15)); // another one: the quiet period starts again
        run(engine, 59);
        assertThat(events.log).containsExactly("fired borrow_timeout");
        run(engine, 1);
        assertThat(events.log).containsExactly("fired borrow_timeout", "cleared borrow_timeout");
    }

    @Test
    void anOpenCircuitFiresAtOnceStaysWhileHalfOpenAndClearsWhenClosed() {
        AlertEngine engine = engine();
        breaker = CircuitState.OPEN;
        engine.evaluate();
        assertThat(events.log).containsExactly("fired circuit_open");
        assertThat(events.fired.get(0).message()).isEqualTo("the circuit breaker is OPEN");
        breaker = CircuitState.HALF_OPEN;
        run(engine, 1);
        assertThat(events.log).hasSize(1);
        breaker = CircuitState.CLOSED;
        run(engine, 1);
        assertThat(events.log).containsExactly("fired circuit_open", "cleared circuit_open");

        breaker = CircuitState.ISOLATED;
        run(engine, 1);
        assertThat(events.log).last().isEqualTo("fired circuit_open");
    }

    @Test
    void anOpenCircuitCanBeRequiredToLast() {
        AlertEngine engine = engine(AlertThresholds.builder().circuitOpenFor(Duration.ofSeconds(10)).build());
        breaker = CircuitState.OPEN;
        engine.evaluate();
        run(engine, 9);
        assertThat(events.log).isEmpty();
        run(engine, 1);
        assertThat(events.log).containsExactly("fired circuit_open");
    }

    @Test
    void fiveFailedOpensInAMinuteFireAndClearOnceTheyAgeOut() {
        AlertEngine engine = engine();
        SQLException refused = new SQLException("Connection refused", "08001");
        for (int i = 0; i < 4; i++) {
            inputs.connectionFailed(1_000, refused);
            run(engine, 10);
        }
        assertThat(events.log).as("4 failures in 40 s").isEmpty();
        inputs.connectionFailed(1_000, refused); // the 5th, at t=40 s, the first at t=0
        run(engine, 1);
        assertThat(events.log).containsExactly("fired connection_failures_high");
        assertThat(events.fired.get(0).message()).contains("5 attempts", "60 s");
        run(engine, 18); // t=59 s: all five still inside the window
        assertThat(events.log).hasSize(1);
        run(engine, 1); // t=60 s: the first has aged out
        assertThat(events.log).containsExactly("fired connection_failures_high", "cleared connection_failures_high");
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        AlertEngine engine = engine(AlertThresholds.builder().connectionFailures(3, Duration.ofSeconds(10)).build());
        SQLException refused = new SQLException("Connection refused", "08001");
        for (int i = 0; i < 20; i++) {
            inputs.connectionFailed(1_000, refused);
            run(engine, 6); // one failure every 6 s: never 3 within 10 s
        }
        assertThat(events.log).isEmpty();
    }

    @Test
    void aLeakFiresAndClearsFiveMinutesAfterTheLastReport() {
        AlertEngine engine = engine();
        inputs.connectionLeakSuspected(TimeUnit.SECONDS.toNanos(12), new Throwable("borrowed here"));
        run(engine, 1);
        assertThat(events.log).containsExactly("fired connection_leak");
        assertThat(events.fired.get(0).message()).contains("12000 ms");
        run(engine, 298); // 299 s after the report
        assertThat(events.log).hasSize(1);
        run(engine, 1);
        assertThat(events.log).containsExactly("fired connection_leak", "cleared connection_leak");
    }

    @Test
    void severalAlertsAreActiveTogetherInRuleOrder() {
        AlertEngine engine = engine(AlertThresholds.builder().utilisation(0.5, Duration.ZERO)
                .waitersFor(Duration.ZERO).build());
        breaker = CircuitState.OPEN;
        stats = stats(10, 10, 1);
        engine.evaluate();
        assertThat(engine.activeNames()).containsExactly("pool_utilisation_high", "pool_waiters_present",
                "circuit_open");
        breaker = CircuitState.CLOSED;
        run(engine, 1);
        assertThat(engine.activeNames()).containsExactly("pool_utilisation_high", "pool_waiters_present");
    }

    @Test
    void aListenerToldOfAnAlertAlreadySeesItAmongTheActiveOnes() {
        List<List<String>> seen = new ArrayList<>();
        AlertEngine[] engine = new AlertEngine[1];
        BallastListener asking = new BallastListener() {
            @Override
            public void alertFired(Alert alert) {
                seen.add(engine[0].activeNames());
            }

            @Override
            public void alertCleared(Alert alert) {
                seen.add(engine[0].activeNames());
            }
        };
        engine[0] = new AlertEngine(AlertThresholds.defaults(), "orders", inputs, () -> stats, () -> breaker, asking,
                clock, java.time.Clock.systemUTC());
        breaker = CircuitState.OPEN;
        engine[0].evaluate();
        breaker = CircuitState.CLOSED;
        run(engine[0], 1);
        assertThat(seen).containsExactly(List.of("circuit_open"), List.of());
    }

    @Test
    void aDisabledRuleNeverFires() {
        AlertEngine engine = engine(AlertThresholds.builder().disable(AlertRule.CIRCUIT_OPEN).build());
        breaker = CircuitState.OPEN;
        run(engine, 120);
        assertThat(events.log).isEmpty();
    }

    private void opens(int count, Duration each, Duration apart) {
        for (int i = 0; i < count; i++) {
            inputs.connectionOpened(each.toNanos());
            clock.advance(apart);
        }
    }

    @Test
    void connectionOpenTimeSpikingAgainstItsBaselineFiresAndClearsWhenItSettles() {
        AlertEngine engine = engine();
        opens(10, Duration.ofMillis(5), Duration.ofSeconds(20)); // the baseline: 5 ms opens over 200 s
        clock.advance(Duration.ofSeconds(61)); // now outside the one-minute window
        engine.evaluate();
        assertThat(events.log).as("no opens in the last minute: nothing to judge").isEmpty();

        inputs.connectionOpened(Duration.ofMillis(400).toNanos());
        run(engine, 1);
        assertThat(events.log).containsExactly("fired connection_open_slow");
        assertThat(events.fired.get(0).message()).contains("400 ms", "median of 5 ms", "80.0x");
        assertThat(engine.activeNames()).containsExactly("connection_open_slow");

        run(engine, 30);
        assertThat(events.log).as("fires once").hasSize(1);
        for (int i = 0; i < 40; i++) { // opens settle back to 5 ms; the slow one leaves the window
            inputs.connectionOpened(Duration.ofMillis(5).toNanos());
            run(engine, 1);
        }
        assertThat(events.log).containsExactly("fired connection_open_slow", "cleared connection_open_slow");
    }

    @Test
    void aSpikeBelowTheFloorOrWithoutABaselinePagesNoOne() {
        AlertEngine engine = engine();
        inputs.connectionOpened(Duration.ofSeconds(2).toNanos());
        run(engine, 1);
        assertThat(events.log).as("no baseline yet: slow from the start is not a spike").isEmpty();

        clock.advance(Duration.ofMinutes(20)); // forget it
        opens(10, Duration.ofMillis(2), Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(61));
        inputs.connectionOpened(Duration.ofMillis(8).toNanos()); // 4x the baseline, but 8 ms
        run(engine, 1);
        assertThat(events.log).as("2 ms to 8 ms on loopback is under the 100 ms floor").isEmpty();

        inputs.connectionOpened(Duration.ofMillis(150).toNanos());
        run(engine, 1);
        assertThat(events.log).containsExactly("fired connection_open_slow");
    }

    @Test
    void aThrowingStatsSourceDoesNotStopTheEvaluatorThread() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch again = new java.util.concurrent.CountDownLatch(3);
        AlertEngine engine = new AlertEngine(AlertThresholds.builder().evaluationInterval(Duration.ofMillis(10))
                .build(), "orders", inputs, () -> {
                    again.countDown();
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("boom");
                    }
                    return stats;
                }, () -> breaker, events, clock, java.time.Clock.systemUTC());
        engine.start("test-alerts");
        try {
            assertThat(again.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            engine.close();
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("test-alerts")) {
                t.join(10_000); // the executor has terminated; its worker may still be returning
                assertThat(t.isAlive()).as("the evaluator thread ended").isFalse();
            }
        }
    }
}
