package dev.ballast.benchmarks.scenario;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual threads reached by reflection, so that this module compiles with {@code --release 17} and still runs them
 * on JDK 21 and later.
 */
final class VirtualThreads {

    private VirtualThreads() {
    }

    /**
     * @return {@code Executors.newVirtualThreadPerTaskExecutor()}
     * @throws IllegalStateException on a JDK without virtual threads
     */
    static ExecutorService newPerTaskExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(
                    "virtual threads need JDK 21 or later; this is JDK " + Runtime.version(), e);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("could not create a virtual-thread executor", e);
        }
    }
}
