package dev.ballast.internal.pool;

import dev.ballast.event.ConnectionCloseReason;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one rule that decides whether a connection is retired by age or eviction, called wherever the pool looks at a
 * connection: on borrow, on return, in the maintainer's idle scan and in {@code evictAll()}. In order:
 * <ol>
 *   <li>created before the last {@code evictAll()} (another eviction generation):
 *       {@link ConnectionCloseReason#EVICTED};</li>
 *   <li>past its lifetime, which is the configured lifetime minus up to 10% jitter fixed when it opened (so that
 *       connections opened together do not all expire together): {@link ConnectionCloseReason#LIFETIME};</li>
 *   <li>idle for the idle lifetime while the pool holds more than it needs: {@link ConnectionCloseReason#IDLE}.</li>
 * </ol>
 * A zero lifetime or idle lifetime disables that rule. Immutable and thread-safe; allocates nothing.
 */
final class Retirement {

    private static final double LIFETIME_JITTER = 0.1;

    private final long lifetimeNanos;
    private final long idleLifetimeNanos;

    /**
     * @param lifetimeNanos the connection lifetime in nanoseconds, zero for none
     * @param idleLifetimeNanos the idle lifetime in nanoseconds, zero for none
     */
    Retirement(long lifetimeNanos, long idleLifetimeNanos) {
        this.lifetimeNanos = lifetimeNanos;
        this.idleLifetimeNanos = idleLifetimeNanos;
    }

    /**
     * @param openedAt when the connection opened (clock reading)
     * @return when its jittered lifetime ends; meaningless without a lifetime
     */
    long expiresAt(long openedAt) {
        if (lifetimeNanos <= 0) {
            return Long.MAX_VALUE;
        }
        double jitter = LIFETIME_JITTER * ThreadLocalRandom.current().nextDouble();
        return openedAt + lifetimeNanos - (long) (lifetimeNanos * jitter);
    }

    /**
     * @param e the connection, owned by the caller (its plain fields are stable)
     * @param now the caller's clock reading
     * @param generation the pool's current eviction generation
     * @param surplus how many open connections the pool holds above its minimum; the idle lifetime retires a
     *     connection only while this is positive. Pass 0 for a connection being borrowed or returned: someone is using
     *     it, so it is not idle surplus
     * @return why the connection must be retired now, or {@code null} to keep it
     */
    ConnectionCloseReason reason(PoolEntry e, long now, int generation, int surplus) {
        if (e.generation != generation) {
            return ConnectionCloseReason.EVICTED;
        }
        if (lifetimeNanos > 0 && now - e.expiresAt >= 0) {
            return ConnectionCloseReason.LIFETIME;
        }
        if (surplus > 0 && idleLifetimeNanos > 0 && now - e.lastUsedAt >= idleLifetimeNanos) {
            return ConnectionCloseReason.IDLE;
        }
        return null;
    }
}
