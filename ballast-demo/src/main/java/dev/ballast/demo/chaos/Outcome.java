package dev.ballast.demo.chaos;

/** How one request ended, as the client saw it. */
public enum Outcome {
    /** 2xx, or 404 for a read of a missing row (a correct answer). */
    SUCCEEDED,
    /** 503 because the circuit breaker was open: rejected without touching the database. */
    FAILED_FAST,
    /** 503 for another transient failure that outlived the retries. */
    UNAVAILABLE,
    /** 500 "commit outcome unknown": the write may or may not have happened. */
    IN_DOUBT,
    /** Anything else: another status, a timeout, a broken connection to the service. */
    ERROR
}
