package dev.ballast.internal.alert;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The times of recent events, for counting them in a sliding window. Any thread may {@link #add}; one thread (the
 * evaluator) calls {@link #countSince}, which also forgets older events. Holds at most {@code capacity} times, so
 * an event storm costs bounded memory (the count then saturates at the capacity). Thread-safe.
 */
final class EventTimes {

    private final ConcurrentLinkedDeque<Long> times = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    EventTimes(int capacity) {
        this.capacity = capacity;
    }

    /** @param nanos when the event happened, on the engine's clock */
    void add(long nanos) {
        times.addLast(nanos);
        if (size.incrementAndGet() > capacity && times.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    /**
     * Forgets events at or before {@code from} and counts the rest.
     *
     * @param from the window's start (exclusive), on the engine's clock
     * @return events after {@code from}
     */
    int countSince(long from) {
        for (Long first = times.peekFirst(); first != null && first - from <= 0; first = times.peekFirst()) {
            if (times.pollFirst() != null) {
                size.decrementAndGet();
            }
        }
        return Math.max(0, size.get());
    }
}
