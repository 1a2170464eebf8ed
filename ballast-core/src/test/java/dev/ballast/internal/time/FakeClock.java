package dev.ballast.internal.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so. Thread-safe. */
public final class FakeClock implements Clock {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    /**
     * @param by how far to move the clock forward
     * @return this clock
     */
    public FakeClock advance(Duration by) {
        now.addAndGet(by.toNanos());
        return this;
    }
}
