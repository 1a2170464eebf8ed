package dev.ballast.internal.resilience;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Remembers which server each physical connection reaches, so that its identity is read once per connection (in
 * the same round trip as its first transaction id) rather than with every transaction. A connection cannot outlive
 * the server incarnation it was opened to: a restart, even an in-place crash restart, ends every session.
 *
 * <p>A fixed table of slots indexed by the connection's identity hash, each holding a weak reference to the
 * connection: no lock, no allocation on a hit, nothing kept alive. Two connections that share a slot evict each
 * other, which only costs a re-read. Thread-safe.
 */
final class ServerIdentities {

    private static final int SLOTS = 256;

    private record Slot(WeakReference<Object> connection, TransactionIds.Server server) {}

    private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(SLOTS);

    /**
     * @param connection the physical connection (the driver's object, not a pool's handle)
     * @return the server it reaches, or null if not known
     */
    TransactionIds.Server get(Object connection) {
        Slot slot = slots.get(index(connection));
        return slot != null && slot.connection().get() == connection ? slot.server() : null;
    }

    /**
     * @param connection the physical connection
     * @param server the server it reaches
     */
    void put(Object connection, TransactionIds.Server server) {
        slots.set(index(connection), new Slot(new WeakReference<>(connection), server));
    }

    private static int index(Object connection) {
        int h = System.identityHashCode(connection);
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
