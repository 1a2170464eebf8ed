package dev.ballast.testing;

import dev.ballast.event.BallastListener;
import dev.ballast.event.ConnectionCloseReason;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records pool events for assertions. Thread-safe. */
public final class RecordingListener implements BallastListener {

    public final AtomicInteger opening = new AtomicInteger();
    public final AtomicInteger opened = new AtomicInteger();
    public final AtomicInteger failed = new AtomicInteger();
    public final AtomicInteger borrowed = new AtomicInteger();
    public final AtomicInteger returned = new AtomicInteger();
    public final AtomicInteger timeouts = new AtomicInteger();
    public final Map<ConnectionCloseReason, AtomicInteger> closed = new ConcurrentHashMap<>();
    public final List<Throwable> leaks = new CopyOnWriteArrayList<>();
    /** The connect errors, in order. */
    public final List<SQLException> connectErrors = new CopyOnWriteArrayList<>();

    public int closed(ConnectionCloseReason reason) {
        AtomicInteger n = closed.get(reason);
        return n == null ? 0 : n.get();
    }

    @Override
    public void connectionOpening() {
        opening.incrementAndGet();
    }

    @Override
    public void connectionOpened(long openNanos) {
        opened.incrementAndGet();
    }

    @Override
    public void connectionFailed(long elapsedNanos, SQLException cause) {
        failed.incrementAndGet();
        connectErrors.add(cause);
    }

    @Override
    public void connectionClosed(ConnectionCloseReason reason) {
        closed.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void connectionBorrowed(long waitNanos) {
        borrowed.incrementAndGet();
    }

    @Override
    public void connectionReturned(long useNanos) {
        returned.incrementAndGet();
    }

    @Override
    public void borrowTimeout(long waitNanos) {
        timeouts.incrementAndGet();
    }

    @Override
    public void connectionLeakSuspected(long heldNanos, Throwable borrowSite) {
        leaks.add(borrowSite);
    }
}
