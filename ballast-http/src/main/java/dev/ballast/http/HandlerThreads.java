package dev.ballast.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Virtual threads for request handlers on JDK 21+; a small bounded pool of daemon threads before that. */
final class HandlerThreads {

    private HandlerThreads() {}

    static ExecutorService create() {
        try {
            ThreadFactory virtual = virtualThreadFactory();
            return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, virtual);
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            AtomicInteger ids = new AtomicInteger();
            return Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "ballast-ops-" + ids.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    private static ThreadFactory virtualThreadFactory() throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, "ballast-ops-", 1L);
        return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
    }
}
