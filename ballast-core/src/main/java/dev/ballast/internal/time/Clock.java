package dev.ballast.internal.time;

/**
 * Ballast's one source of monotonic time. Production code asks a {@code Clock} instead of calling
 * {@link System#nanoTime()} itself, so that tests can move a fake clock forward instead of sleeping.
 */
@FunctionalInterface
public interface Clock {

    /** @return monotonic nanoseconds, comparable only with other readings of the same clock */
    long nanoTime();

    /** @return the system's monotonic clock */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}

/** The only place that reads {@link System#nanoTime()}. */
enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
