package dev.ballast.internal.resilience;

import dev.ballast.internal.time.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every wait (slept or scheduled) and moves a fake clock forward by it instead of waiting. Thread-safe. */
public final class RecordingSleeper implements Sleeper {

    private final FakeClock clock;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    /** @param clock the clock to advance */
    public RecordingSleeper(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted before sleeping");
        }
        waits.add(Duration.ofNanos(nanos));
        clock.advance(Duration.ofNanos(nanos));
    }

    /** Records the wait, moves the clock, and hands the task over at once. */
    @Override
    public void schedule(long nanos, Runnable task) {
        waits.add(Duration.ofNanos(nanos));
        clock.advance(Duration.ofNanos(nanos));
        task.run();
    }

    /** @return the waits so far, in order */
    public List<Duration> waits() {
        return List.copyOf(waits);
    }
}
