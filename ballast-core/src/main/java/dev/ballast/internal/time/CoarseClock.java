package dev.ballast.internal.time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock read from a field: the reading of another clock at its last tick, taken by one daemon thread that ticks
 * every {@link #TICK_NANOS} for as long as anyone {@link #acquire() holds} the clock. Reading it costs a volatile load
 * instead of a {@link System#nanoTime()} call (about 20 ns on a virtual machine's clock; two of them were nearly two
 * thirds of a borrow-and-return cycle). A reading is never ahead of the true time and lags it by about one tick, more
 * while the ticker is starved of CPU; so it serves decisions that tolerate that (whether a connection was used in the
 * last half second, whether its lifetime is over) and never a deadline or a measured duration.
 *
 * <p>{@link #system()} is the JVM's one coarse system clock, shared by every pool; its thread
 * ({@code ballast-clock}) runs while at least one pool is open and ends when the last one closes. Thread-safe.
 */
public final class CoarseClock implements Clock {

    /** How often the ticker reads the underlying clock. */
    public static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final CoarseClock SYSTEM = new CoarseClock(Clock.system(), TICK_NANOS, "ballast-clock");

    private final Clock source;
    private final long tickNanos;
    private final String threadName;
    private volatile long now;
    /** The running ticker; a ticker that is no longer this one stops. */
    private volatile Thread ticker;
    /** Guards {@link #holders} and the ticker's start and stop (a lock, not {@code synchronized}: see DESIGN §3). */
    private final ReentrantLock lock = new ReentrantLock();
    private int holders; // guarded by lock

    /**
     * @param source the clock to read on every tick
     * @param tickNanos how often to read it
     * @param threadName the ticker thread's name
     */
    public CoarseClock(Clock source, long tickNanos, String threadName) {
        this.source = source;
        this.tickNanos = tickNanos;
        this.threadName = threadName;
        this.now = source.nanoTime();
    }

    /** @return the JVM's coarse system clock, shared by every pool */
    public static CoarseClock system() {
        return SYSTEM;
    }

    /** @return the underlying clock's reading at the last tick (at the last {@link #acquire()} before the first) */
    @Override
    public long nanoTime() {
        return now;
    }

    /** Starts ticking unless another holder already keeps the ticker running; pair with {@link #release()}. */
    public void acquire() {
        lock.lock();
        try {
            if (holders++ == 0) {
                now = source.nanoTime();
                Thread t = new Thread(this::tick, threadName);
                t.setDaemon(true);
                ticker = t;
                t.start();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives up one hold; the last one stops the ticker and waits for its thread to end (outside the lock: a ticker
     * started meanwhile by a new holder is a different thread).
     *
     * @throws IllegalStateException if the clock is not held
     */
    public void release() {
        Thread stopped = null;
        lock.lock();
        try {
            if (holders == 0) {
                throw new IllegalStateException("CoarseClock released more often than acquired");
            }
            if (--holders == 0) {
                stopped = ticker;
                ticker = null;
            }
        } finally {
            lock.unlock();
        }
        if (stopped != null) {
            LockSupport.unpark(stopped);
            awaitEnd(stopped);
        }
    }

    private static void awaitEnd(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true; // the ticker ends within one park; finish waiting, keep the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void tick() {
        Thread self = Thread.currentThread();
        while (ticker == self) {
            LockSupport.parkNanos(this, tickNanos);
            now = source.nanoTime();
        }
    }
}
