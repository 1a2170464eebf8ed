package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.event.PoolTuning;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.time.Clock;
import dev.ballast.pool.PoolConfig;
import dev.ballast.pool.PoolStats;
import dev.ballast.testing.Await;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parking under fire: borrowers hammer a small pool while its concurrency limit jumps up and down as fast as a thread
 * can move it, through the pool's own decision path. Connections park and unpark, move between slots and are handed
 * to waiters meanwhile. A connection is never held by two borrowers at once, no borrower misses a connection (a lost
 * wake-up would end in a timeout), none is lost or opened twice (parked ones serve again, so the pool never opens more
 * than its maximum), and at the end every connection is idle and usable again at the maximum limit. With a short
 * connection lifetime, connections also close below the limit meanwhile, and parked ones move into their slots.
 */
class ParkingConcurrencyTest {

    private static final int MAX = 6;

    @ParameterizedTest
    @CsvSource({"0, 0", "5000, 0", "5000, 20"})
    void connectionsParkAndServeAgainWhileTheLimitMovesUnderLoad(long thresholdMicros, long lifetimeMillis)
            throws Exception {
        FakeDriver driver = new FakeDriver();
        int threads = 12;
        int cycles = 4_000;
        // the test moves the limit itself, through the pool's decision path: no tuner of the pool's own beside it
        Pool pool = Pool.start(PoolConfig.builder().jdbcUrl(FakeDriver.URL).driver(driver).poolName("parking")
                .minPoolSize(0).maxPoolSize(MAX).enablePoolAutoTuning(false).connectionTimeout(Duration.ofSeconds(60))
                .fairnessThreshold(Duration.ofNanos(thresholdMicros * 1000))
                .connectionLifetime(Duration.ofMillis(lifetimeMillis)).build(), ListenerSupport.none(),
                Clock.system());
        Set<Connection> inUse = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger moves = new AtomicInteger();
        AtomicBoolean borrowing = new AtomicBoolean(true);
        ExecutorService executor = Executors.newFixedThreadPool(threads + 1);
        try {
            CountDownLatch go = new CountDownLatch(1);
            Future<?> tuner = executor.submit(() -> {
                go.await();
                int limit = MAX;
                while (borrowing.get()) {
                    int next = 1 + ThreadLocalRandom.current().nextInt(MAX);
                    pool.tuned(new PoolTuning(next, limit, PoolTuning.Reason.PROBE_UP, 0, 0, true, 0, 0));
                    limit = next;
                    moves.incrementAndGet();
                    Thread.yield();
                }
                pool.tuned(new PoolTuning(MAX, limit, PoolTuning.Reason.PROBE_UP, 0, 0, true, 0, 0));
                return null;
            });
            HandOffConcurrencyTest.hammer(pool, executor, threads, cycles, go, inUse, overlaps);
            borrowing.set(false);
            tuner.get(30, TimeUnit.SECONDS);

            assertThat(moves.get()).as("the limit moved while borrowers ran").isGreaterThan(100);
            assertThat(overlaps).hasValue(0);
            PoolStats s = pool.stats();
            assertThat(s.timeouts()).isZero();
            assertThat(s.pending()).isZero();
            assertThat(s.total()).isEqualTo(s.idle()).isLessThanOrEqualTo(MAX);
            if (lifetimeMillis == 0) { // with lifetimes, connections close below the limit and parked ones move down
                assertThat(driver.connects.get()).as("parked connections served again: none lost")
                        .isLessThanOrEqualTo(MAX);
            }
            // at the maximum limit every connection serves, parked ones included: one lost in a slot (or left
            // reserved) would keep the last borrow waiting until its 60 s timeout
            List<Connection> all = executor.submit(() -> {
                List<Connection> held = new ArrayList<>();
                for (int i = 0; i < MAX; i++) {
                    held.add(pool.getConnection());
                }
                return held;
            }).get(10, TimeUnit.SECONDS);
            for (Connection c : all) {
                c.close();
            }

            // at a limit of 2 a third borrower queues though four connections sit parked and idle ...
            pool.tuned(new PoolTuning(2, MAX, PoolTuning.Reason.PROBE_DOWN, 0, 0, true, 0, 0));
            Connection first = pool.getConnection();
            Connection second = pool.getConnection();
            Future<Connection> third = executor.submit(() -> pool.getConnection());
            Await.until(Duration.ofSeconds(10), () -> pool.stats().pending() == 1, "the third borrower to queue");
            assertThat(third).isNotDone();
            // ... and a rise of the limit serves it at once from a parked connection, with no connect
            pool.tuned(new PoolTuning(3, 2, PoolTuning.Reason.PROBE_UP, 0, 0, true, 0, 0));
            third.get(10, TimeUnit.SECONDS).close();
            first.close();
            second.close();
            if (lifetimeMillis == 0) {
                assertThat(driver.connects.get()).as("the rise opened nothing").isLessThanOrEqualTo(MAX);
            }
        } finally {
            executor.shutdownNow();
            pool.close();
        }
    }
}
