package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.time.Clock;
import dev.ballast.pool.PoolConfig;
import dev.ballast.pool.PoolStats;
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
import org.junit.jupiter.api.Test;

/**
 * Hammers the lock-free hand-off with many more borrowers than connections: a connection is never held by two
 * borrowers at once, no borrower misses a returned connection (a lost wake-up would show as a timeout), and the pool
 * ends with every connection idle.
 */
class HandOffConcurrencyTest {

    @Test
    void borrowersNeverShareAConnectionAndNeverMissAWakeUp() throws Exception {
        FakeDriver driver = new FakeDriver();
        int threads = 8;
        int cycles = 5_000;
        Pool pool = Pool.start(PoolConfig.builder().jdbcUrl(FakeDriver.URL).driver(driver).poolName("handoff")
                .minPoolSize(0).maxPoolSize(3).connectionTimeout(Duration.ofSeconds(60)).build(),
                ListenerSupport.none(), Clock.system());
        Set<Connection> inUse = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
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
}
