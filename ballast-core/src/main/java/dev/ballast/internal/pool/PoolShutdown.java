package dev.ballast.internal.pool;

import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.internal.time.Clock;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a pool, once, on the thread that called {@code close()}: wakes every waiter with an error, stops the
 * maintainer and the connector threads, closes idle connections, waits up to the shutdown timeout for borrowed ones
 * (each is closed as it comes back), then aborts whatever is still out. New borrows already fail (the pool's closed
 * flag is set first).
 */
final class PoolShutdown implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolShutdown.class);
    private static final long RECHECK = TimeUnit.MILLISECONDS.toNanos(100);

    private final Pool pool;
    private final Exchange exchange;
    private final Capacity capacity;
    private final ConnectionCreator creator;
    private final Maintainer maintainer;
    private final Set<PoolEntry> unpooled;
    private final Clock clock;
    private final long timeout;

    PoolShutdown(Pool pool, Exchange exchange, Capacity capacity, ConnectionCreator creator, Maintainer maintainer,
            Set<PoolEntry> unpooled, Clock clock, long timeoutNanos) {
        this.pool = pool;
        this.exchange = exchange;
        this.capacity = capacity;
        this.creator = creator;
        this.maintainer = maintainer;
        this.unpooled = unpooled;
        this.clock = clock;
        this.timeout = timeoutNanos;
    }

    @Override
    public void run() {
        long deadline = clock.nanoTime() + timeout;
        LOG.info("Pool '{}' closing", pool.name());
        if (exchange != null) {
            exchange.failAll(Pool.closedOutcome());
            maintainer.stop(Math.max(timeout, TimeUnit.SECONDS.toNanos(1)));
        }
        pool.setLifecycleWaiter(Thread.currentThread());
        try {
            for (;;) {
                closeIdle();
                if (outstanding() == 0) {
                    break;
                }
                long left = deadline - clock.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    break; // interrupted: stop waiting for borrowers, close what is left (the flag stays set)
                }
                LockSupport.parkNanos(this, Math.min(left, RECHECK));
            }
        } finally {
            pool.setLifecycleWaiter(null);
        }
        abortBorrowed();
        if (creator != null && !creator.shutdown(Math.max(deadline - clock.nanoTime(), TimeUnit.SECONDS.toNanos(1)))) {
            LOG.warn("Pool '{}': a connection attempt is still running; its thread ends at the connect timeout",
                    pool.name());
        }
        closeIdle(); // a connection opened during shutdown
        LOG.info("Pool '{}' closed", pool.name());
    }

    private int outstanding() {
        return exchange != null ? capacity.allocated() : unpooled.size();
    }

    private void closeIdle() {
        if (exchange == null) {
            return;
        }
        PoolEntry e;
        while ((e = exchange.takeAnyIdle()) != null) {
            pool.destroy(e, ConnectionCloseReason.SHUTDOWN);
        }
    }

    private void abortBorrowed() {
        List<PoolEntry> left = new ArrayList<>();
        if (exchange != null) {
            for (int i = 0; i < exchange.capacity(); i++) {
                PoolEntry e = exchange.slot(i);
                if (e != null) {
                    left.add(e);
                }
            }
        } else {
            left.addAll(unpooled);
        }
        if (left.isEmpty()) {
            return;
        }
        LOG.warn("Pool '{}': {} connection(s) still borrowed after the shutdown timeout; closing them anyway",
                pool.name(), left.size());
        for (PoolEntry e : left) {
            try {
                e.raw.abort(Runnable::run);
            } catch (SQLException | RuntimeException x) {
                LOG.debug("aborting a connection failed: {}", x.toString());
            }
            pool.destroy(e, ConnectionCloseReason.SHUTDOWN);
        }
    }
}
