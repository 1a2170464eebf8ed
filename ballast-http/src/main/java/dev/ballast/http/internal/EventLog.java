package dev.ballast.http.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/** The last {@code capacity} significant events, written from any thread. Thread-safe. */
public final class EventLog {

    private final ConcurrentLinkedDeque<DashboardEvent> events = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    /** @param capacity how many events to keep */
    public EventLog(int capacity) {
        this.capacity = capacity;
    }

    /** @param e the event; the oldest is dropped beyond the capacity */
    public void add(DashboardEvent e) {
        events.addLast(e);
        if (size.incrementAndGet() > capacity && events.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    /** @return the events, newest first (a copy) */
    public List<DashboardEvent> newestFirst() {
        List<DashboardEvent> out = new ArrayList<>(events);
        Collections.reverse(out);
        return out;
    }
}
