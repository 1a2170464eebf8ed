package dev.ballast.internal.resilience;

import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default executor of asynchronous calls: one virtual thread per call on JDK 21 and later (found by reflection,
 * as Ballast is compiled for Java 17), otherwise a pool of {@code max(4, 2 × processors)} daemon threads named
 * {@code ballast-resilience-N} with an unbounded queue, whose idle threads end after 30 s so that an unused instance
 * holds no thread.
 */
final class AsyncExecutors {

    private AsyncExecutors() {}

    /** @return a new default executor */
    static Executor createDefault() {
        try {
            Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (Executor) factory.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException noVirtualThreads) {
            int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), new DaemonThreads());
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread t = new Thread(task, "ballast-resilience-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
