package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hammers the lock-free hand-off with many more borrowers than connections: a connection is never held by two
 * borrowers at once, no borrower misses a returned connection (a lost wake-up would show as a timeout), and the pool
 * ends with every connection idle. Each test runs with strict hand-off (threshold zero), the default threshold and a
 * long one (mostly barging).
 */
class HandOffConcurrencyTest {

    /** A pool of {@code size} connections at most, untuned: the hand-off is measured at a fixed number of them. */
    private static Pool start(FakeDriver driver, String name, int size, long thresholdMicros) {
        return Pool.start(PoolConfig.builder().jdbcUrl(FakeDriver.URL).driver(driver).poolName(name).minPoolSize(0)
                .maxPoolSize(size).enablePoolAutoTuning(false).connectionTimeout(Duration.ofSeconds(60))
                .fairnessThreshold(Duration.ofNanos(thresholdMicros * 1000)).build(), ListenerSupport.none(),
                Clock.system());
    }

    /**
     * Runs {@code threads} borrowers of {@code cycles} borrow-and-return cycles each, from when {@code go} opens, and
     * waits for them; counts in {@code overlaps} every time a physical connection was handed to a second borrower
     * while the first still held it.
     */
    static void hammer(Pool pool, ExecutorService executor, int threads, int cycles, CountDownLatch go,
            Set<Connection> inUse, AtomicInteger overlaps) throws Exception {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(executor.submit(() -> {
                go.await();
                for (int i = 0; i < cycles; i++) {
                    try (Connection c = pool.getConnection()) {
                        Connection physical = ((ProxyConnection) c).entry.raw;
                        if (!inUse.add(physical)) {
                            overlaps.incrementAndGet();
                        }
                        if ((i & 7) == 0) {
                            Thread.yield(); // hold it a little longer now and then, so that borrowers queue
                        }
                        inUse.remove(physical);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> w : workers) {
            w.get(120, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1000, 50_000})
    void borrowersNeverShareAConnectionAndNeverMissAWakeUp(long thresholdMicros) throws Exception {
        FakeDriver driver = new FakeDriver();
        int threads = 8;
        int cycles = 5_000;
        Pool pool = start(driver, "handoff", 3, thresholdMicros);
        Set<Connection> inUse = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            hammer(pool, executor, threads, cycles, go, inUse, overlaps);
            assertThat(overlaps).hasValue(0);
            PoolStats s = pool.stats();
            assertThat(s.timeouts()).isZero();
            assertThat(s.pending()).isZero();
            assertThat(s.total()).isEqualTo(s.idle()).isLessThanOrEqualTo(3);
            assertThat(driver.connects.get()).isLessThanOrEqualTo(3);
        } finally {
            executor.shutdownNow();
            pool.close();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1000, 50_000})
    void everyBorrowerOfABusySmallPoolCompletesWithABoundedWait(long thresholdMicros) throws Exception {
        FakeDriver driver = new FakeDriver();
        int threads = 16;
        int cycles = 2_000;
        Pool pool = start(driver, "busy", 2, thresholdMicros);
        AtomicLong longestWait = new AtomicLong();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                executor.submit(() -> {
                    go.await();
                    for (int i = 0; i < cycles; i++) {
                        long asked = System.nanoTime();
                        try (Connection c = pool.getConnection()) {
                            longestWait.accumulateAndGet(System.nanoTime() - asked, Math::max);
                            if ((i & 3) == 0) {
                                Thread.yield(); // hold it a little longer now and then, so that borrowers queue
                            }
                        }
                    }
                    finished.countDown();
                    return null;
                });
            }
            go.countDown();
            assertThat(finished.await(120, TimeUnit.SECONDS)).as("every borrower finished").isTrue();
            // generous: the point is that no one starves (a starved borrower would wait until its 60 s timeout)
            assertThat(Duration.ofNanos(longestWait.get())).isLessThan(Duration.ofSeconds(10));
            PoolStats s = pool.stats();
            assertThat(s.timeouts()).isZero();
            assertThat(s.pending()).isZero();
            assertThat(s.total()).isEqualTo(s.idle()).isLessThanOrEqualTo(2);
        } finally {
            executor.shutdownNow();
            pool.close();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1000, 50_000})
    void noWaiterIsLeftParkedWhenConnectionsComeBack(long thresholdMicros) throws Exception {
        FakeDriver driver = new FakeDriver();
        int borrowers = 6;
        int rounds = 300;
        Pool pool = start(driver, "wakeups", 2, thresholdMicros);
        ExecutorService executor = Executors.newFixedThreadPool(borrowers);
        try {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch go = new CountDownLatch(1);
                CountDownLatch served = new CountDownLatch(borrowers);
                for (int t = 0; t < borrowers; t++) {
                    executor.submit(() -> {
                        go.await();
                        pool.getConnection().close();
                        served.countDown();
                        return null;
                    });
                }
                go.countDown();
                // a lost wake-up leaves a borrower parked with a connection idle, until its 60 s timeout
                assertThat(served.await(30, TimeUnit.SECONDS)).as("round %d: every borrower served", round).isTrue();
            }
            assertThat(pool.stats().timeouts()).isZero();
            Await.until(Duration.ofSeconds(20), () -> pool.stats().pending() == 0, "no one to be left waiting");
        } finally {
            executor.shutdownNow();
            pool.close();
        }
    }
}
