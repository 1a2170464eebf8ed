package dev.ballast.demo.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for request handlers: one virtual thread per request on JDK 21+ (found by reflection, the code is built
 * for Java 17), a bounded pool of platform threads before that. Blocking on the pool's borrow is what a handler
 * does, so the bounded pool is sized for the pool's waiters, not the CPU.
 */
final class HandlerThreads {

    private HandlerThreads() {}

    /**
     * @param platformThreads the pool size when virtual threads are not available
     * @return the executor; the caller shuts it down
     */
    static ExecutorService create(int platformThreads) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, "tickets-http-", 1L);
            ThreadFactory factory = (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory")
                    .invoke(builder);
            return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, factory);
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            AtomicInteger ids = new AtomicInteger();
            return Executors.newFixedThreadPool(platformThreads, r -> {
                Thread t = new Thread(r, "tickets-http-" + ids.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** @return whether this JDK has virtual threads */
    static boolean virtual() {
        try {
            Thread.class.getMethod("ofVirtual");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
