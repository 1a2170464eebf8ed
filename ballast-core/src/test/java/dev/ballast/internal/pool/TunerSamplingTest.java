package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.event.PoolTuning;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.time.Clock;
import dev.ballast.pool.PoolConfig;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A tuned pool with no listener that times holds (no metrics, no leak detection) times only one borrow in
 * {@link Checkout#TUNER_SAMPLE_EVERY} of each connection for the tuner, to spare two precise clock reads on the rest.
 * Every return must still count toward the tuner's throughput, and the service time it reports must be the borrowers'
 * real hold time, not a coarse-clock reading. Fake driver: this is the pool's own bookkeeping.
 */
class TunerSamplingTest {

    @Test
    void withHoldsTimedByASampleEveryReturnCountsAndTheServiceTimeIsTheHoldTime() throws Exception {
        FakeDriver driver = new FakeDriver();
        int threads = 12;
        int borrowsEach = 500;
        long holdNanos = TimeUnit.MICROSECONDS.toNanos(500);
        Pool pool = Pool.start(PoolConfig.builder().jdbcUrl(FakeDriver.URL).driver(driver).poolName("sampled")
                .minPoolSize(2).maxPoolSize(8).connectionTimeout(Duration.ofSeconds(30)).build(),
                ListenerSupport.none(), Clock.system());
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try {
            assertThat(pool.tuner()).isNotNull();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(workers.submit(() -> {
                    for (int i = 0; i < borrowsEach; i++) {
                        try (Connection c = pool.getConnection()) {
                            long until = System.nanoTime() + holdNanos; // the borrower's work while it holds it
                            for (long left = holdNanos; left > 0; left = until - System.nanoTime()) {
                                LockSupport.parkNanos(left); // may return early: park again for what is left
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(pool.tuner().returns()).as("every return counted, timed or not")
                    .isEqualTo((long) threads * borrowsEach);
            PoolTuning last = pool.tuner().last();
            assertThat(last.reason()).as("windows were measured").isNotEqualTo(PoolTuning.Reason.STARTED);
            // every borrower holds for at least 500 µs; a coarse-clock reading would be 0 or a 100 ms tick
            assertThat(last.serviceMillis()).isBetween(0.5, 20.0);
        } finally {
            workers.shutdownNow();
            pool.close();
        }
    }
}
