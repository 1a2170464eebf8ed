package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Telling virtual threads from platform threads, which decides whether a borrower that found nothing idle yields
 * before it queues (only a virtual thread does). Compiled for Java 17, so virtual threads are made by reflection.
 */
class PoolThreadsTest {

    @Test
    void onlyAVirtualThreadCountsAsVirtual() throws Exception {
        assertThat(PoolThreads.currentIsVirtual()).as("this platform thread").isFalse();
        boolean[] seen = new boolean[] {true};
        Thread platform = new Thread(() -> seen[0] = PoolThreads.currentIsVirtual());
        platform.start();
        platform.join();
        assertThat(seen[0]).as("a new platform thread").isFalse();
        if (Runtime.version().feature() >= 21) {
            ExecutorService virtual = (ExecutorService) Executors.class
                    .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            try {
                assertThat(virtual.submit(PoolThreads::currentIsVirtual).get()).as("a virtual thread").isTrue();
            } finally {
                virtual.shutdown();
            }
        }
    }
}
