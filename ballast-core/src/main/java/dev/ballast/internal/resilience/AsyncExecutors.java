package dev.ballast.internal.resilience;

import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
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
        Executor virtual = virtualThreads();
        if (virtual != null) {
            return virtual;
        }
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DaemonThreads("ballast-resilience-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * @return a new executor for stopping calls (cancelling their statements on the server, aborting their
     *     connections): never the calls' own executor, so that a cancellation cannot queue behind the work it
     *     cancels. Virtual threads on JDK 21 and later, otherwise daemon threads {@code ballast-cancel-N} made on
     *     demand (each task is bounded by the driver's cancel timeout) that end after 10 s idle.
     */
    static Executor createCanceller() {
        Executor virtual = virtualThreads();
        if (virtual != null) {
            return virtual;
        }
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new DaemonThreads("ballast-cancel-"));
    }

    private static Executor virtualThreads() {
        try {
            Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (Executor) factory.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException noVirtualThreads) {
            return null;
        }
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        DaemonThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread t = new Thread(task, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
