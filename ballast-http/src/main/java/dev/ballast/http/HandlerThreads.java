package dev.ballast.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for request handlers: one virtual thread per request on JDK 21+ (found by reflection, the code is built
 * for Java 17), a fixed pool of daemon platform threads before that.
 */
final class HandlerThreads {

    private HandlerThreads() {}

    /**
     * @param name the threads' name prefix
     * @param platformThreads the pool size when virtual threads are not available
     * @return the executor; the caller shuts it down
     */
    static ExecutorService create(String name, int platformThreads) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, name, 1L);
            ThreadFactory factory = (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory")
                    .invoke(builder);
            return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, factory);
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            AtomicInteger ids = new AtomicInteger();
            return Executors.newFixedThreadPool(platformThreads, r -> {
                Thread t = new Thread(r, name + ids.incrementAndGet());
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
