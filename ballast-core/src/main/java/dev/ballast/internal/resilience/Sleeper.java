package dev.ballast.internal.resilience;

import java.util.concurrent.TimeUnit;

/**
 * How the engine waits between attempts. Production waits on the thread; tests record the waits and move a fake
 * clock instead of sleeping. Implementations must be thread-safe and must throw {@link InterruptedException} (not
 * swallow it) when the waiting thread is interrupted.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * @param nanos how long to wait, in nanoseconds; zero or positive
     * @throws InterruptedException if the thread is interrupted before or while waiting
     */
    void sleep(long nanos) throws InterruptedException;

    /** @return a sleeper that blocks the calling thread */
    static Sleeper system() {
        return nanos -> TimeUnit.NANOSECONDS.sleep(nanos);
    }
}
