package dev.ballast.internal.pool;

import dev.ballast.internal.time.Clock;
import dev.ballast.internal.time.FakeClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A fake clock (time moves only when a test says so) that can also hold chosen threads at a reading until the test
 * lets them go: the pool reads its clock at known points, which makes those points places where an engine test can
 * stop a thread and order a race deterministically. Instance state only; thread-safe.
 */
final class HoldingClock implements Clock {

    private final FakeClock time = new FakeClock();
    private final List<Hold> holds = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        for (Hold h : holds) {
            h.maybeHold();
        }
        return time.nanoTime();
    }

    /**
     * @param who which thread (evaluated on that thread, at each reading)
     * @return a hold on the first reading by such a thread
     */
    Hold holdOnce(Predicate<Thread> who) {
        Hold h = new Hold(who, true);
        holds.add(h);
        return h;
    }

    /**
     * @param who which threads
     * @return a hold on every reading by such threads until released
     */
    Hold holdAlways(Predicate<Thread> who) {
        Hold h = new Hold(who, false);
        holds.add(h);
        return h;
    }

    /** Releases every hold. */
    void releaseAll() {
        holds.forEach(Hold::release);
    }

    /** Threads held at a clock reading. */
    static final class Hold {
        private final Predicate<Thread> who;
        private final boolean once;
        private final AtomicBoolean armed = new AtomicBoolean(true);
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(Predicate<Thread> who, boolean once) {
            this.who = who;
            this.once = once;
        }

        private void maybeHold() {
            if (released.getCount() == 0 || !armed.get() || !who.test(Thread.currentThread())) {
                return;
            }
            if (once && !armed.compareAndSet(true, false)) {
                return;
            }
            reached.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the pool is stopping this thread: let it read the time
            }
            // Waiting here parks, which swallows an unpark the pool meant for its own park that follows this reading
            // (a waiter woken while held). Give it back: at worst a spurious wake-up, which the pool tolerates anyway.
            LockSupport.unpark(Thread.currentThread());
        }

        /** @return whether a thread reached the hold within the time */
        boolean awaitReached(long seconds) throws InterruptedException {
            return reached.await(seconds, TimeUnit.SECONDS);
        }

        void release() {
            released.countDown();
        }
    }
}
