package dev.ballast.event;

/**
 * Why the pool closed a physical connection.
 */
public enum ConnectionCloseReason {
    /** Older than ConnectionLifetime (jittered). */
    LIFETIME,
    /** Idle longer than ConnectionIdleLifetime while the pool was above MinPoolSize. */
    IDLE,
    /** It raised a fatal error (a broken connection, an administrator shutdown, ...) or {@code evictAll()} retired it. */
    EVICTED,
    /** It failed validation (keepalive or before hand-out). */
    VALIDATION_FAILED,
    /** With pooling disabled, the caller closed it. */
    UNPOOLED,
    /** The pool is shutting down. */
    SHUTDOWN,
    /**
     * Parked above the automatic sizing's concurrency limit (EnablePoolAutoTuning) for 30 seconds without the limit
     * rising to use it again.
     */
    TUNED
}
