package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.pool.PoolConfig;
import dev.ballast.testing.Await;
import dev.ballast.testing.RecordingListener;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 item 5, ordered deterministically over the fake driver: a waiter is woken for a returned connection, a
 * running borrower takes that connection first (bounded barging), and the opening requested for the waiter was
 * called off because the connection looked idle. The waiter must ask for a connection itself rather than sit until
 * the maintainer's next pass while the pool has room. The {@link HoldingClock} stops threads at clock readings to
 * order the race; the maintainer is held for the whole test, so it never rescues the waiter.
 */
class WokenWaiterTest {

    private final FakeDriver driver = new FakeDriver();
    private final HoldingClock clock = new HoldingClock();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private Pool pool;

    @AfterEach
    void tearDown() throws InterruptedException {
        clock.releaseAll();
        if (pool != null) {
            pool.close();
        }
        threads.shutdownNow();
        assertThat(threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWokenWaiterThatFindsNothingRequestsAConnectionInsteadOfWaitingForTheMaintainer() throws Exception {
        clock.holdAlways(t -> t.getName().contains("-maintainer-"));
        // the fake time never moves, so no waiter ever waits the fairness threshold: bounded barging throughout (and
        // tuning is off: a tuned limit of 1 would hold the waiter until a stall, timed on this clock)
        pool = Pool.start(PoolConfig.builder().jdbcUrl(FakeDriver.URL).driver(driver).poolName("woken").minPoolSize(0)
                .maxPoolSize(2).enablePoolAutoTuning(false).connectionTimeout(Duration.ofSeconds(20))
                .shutdownTimeout(Duration.ofSeconds(5))
                .build(), new RecordingListener(), clock);
        Connection a = pool.getConnection();
        assertThat(driver.connects).hasValue(1);

        HoldingClock.Hold connector = clock.holdOnce(t -> t.getName().contains("-connector-"));
        AtomicReference<Thread> waiterThread = new AtomicReference<>();
        HoldingClock.Hold waiterAboutToPark = clock.holdOnce(t -> t == waiterThread.get()
                && pool.stats().pending() == 1);
        Future<Boolean> waiter = threads.submit(() -> {
            waiterThread.set(Thread.currentThread());
            try (Connection c = pool.getConnection()) {
                return c != null;
            }
        });
        // the waiter queued, found nothing and is about to park; the opening it asked for is about to start
        assertThat(waiterAboutToPark.awaitReached(20)).isTrue();
        assertThat(connector.awaitReached(20)).isTrue();

        a.close(); // made idle, and the waiter is woken to come and take it
        connector.release(); // the opening sees a connection idle for the only waiter and is called off
        Await.until(Duration.ofSeconds(20), () -> pool.stats().opening() == 0, "the opening to be called off");
        // a running borrower takes the idle connection first (closed at the end: the pool's shutdown waits for
        // borrowed connections on the pool's clock, which does not move here)
        try (Connection b = pool.getConnection()) {
            assertThat(b).isNotNull();
            assertThat(driver.connects).hasValue(1);

            waiterAboutToPark.release(); // the waiter wakes and finds nothing idle
            assertThat(waiter.get(10, TimeUnit.SECONDS)).as("the waiter served by a new connection").isTrue();
            assertThat(driver.connects).hasValue(2);
        }
    }
}
