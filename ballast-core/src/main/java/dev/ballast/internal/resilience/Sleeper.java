package dev.ballast.internal.resilience;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How the engine waits between attempts: a synchronous call {@link #sleep sleeps} on its own thread, an asynchronous
 * one {@link #schedule schedules} its next attempt and holds no thread meanwhile. Production waits for real; tests
 * record the waits and move a fake clock instead. Implementations must be thread-safe and must throw
 * {@link InterruptedException} (not swallow it) when the sleeping thread is interrupted.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * @param nanos how long to wait, in nanoseconds; zero or positive
     * @throws InterruptedException if the thread is interrupted before or while waiting
     */
    void sleep(long nanos) throws InterruptedException;

    /**
     * Runs a task once a delay has passed, holding no thread while waiting (the JDK's shared delay scheduler of
     * {@link CompletableFuture#delayedExecutor} hands it over when due).
     *
     * @param nanos the delay, in nanoseconds; zero or positive
     * @param task a short task (it runs on the scheduler's thread): typically one that submits the real work
     */
    default void schedule(long nanos, Runnable task) {
        CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS, Runnable::run).execute(task);
    }

    /** @return a sleeper that blocks the calling thread, and schedules on the JDK's delay scheduler */
    static Sleeper system() {
        return nanos -> TimeUnit.NANOSECONDS.sleep(nanos);
    }
}
