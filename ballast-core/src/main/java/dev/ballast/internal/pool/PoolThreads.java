package dev.ballast.internal.pool;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names and creates a pool's background threads: daemon platform threads called {@code ballast[<pool>]-<role>-<n>},
 * so that they are easy to find in a thread dump and to check for after {@code close()}.
 */
final class PoolThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    PoolThreads(String poolName, String role) {
        this.prefix = prefix(poolName) + "-" + role + "-";
    }

    /**
     * @param poolName a pool's name
     * @return the prefix of every thread name of that pool
     */
    static String prefix(String poolName) {
        return "ballast[" + poolName + "]";
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = new Thread(task, prefix + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
