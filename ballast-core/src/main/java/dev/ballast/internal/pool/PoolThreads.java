package dev.ballast.internal.pool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names and creates a pool's background threads: daemon platform threads called {@code ballast[<pool>]-<role>-<n>},
 * so that they are easy to find in a thread dump and to check for after {@code close()}.
 */
final class PoolThreads implements ThreadFactory {

    /** {@code Thread.isVirtual()} on JDK 21 and later; {@code null} on 17 to 20, which have no virtual threads. */
    private static final MethodHandle IS_VIRTUAL = isVirtualMethod();

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

    /** @return whether the calling thread is a virtual thread (never, before JDK 21) */
    static boolean currentIsVirtual() {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable t) { // Thread.isVirtual() throws nothing
            throw new AssertionError(t);
        }
    }

    private static MethodHandle isVirtualMethod() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = new Thread(task, prefix + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
