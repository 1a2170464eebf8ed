package dev.ballast.event;

/**
 * One decision of the automatic pool sizing ({@code EnablePoolAutoTuning}): the concurrency limit the pool keeps
 * between MinPoolSize and MaxPoolSize, why it was set, and the measurements it was decided from. One is published at
 * the end of every measurement window (a fraction of a second under load), whether or not the limit changed.
 *
 * @param limit the limit now in force: at most this many connections are open and borrowed at once; borrowers beyond
 *     it wait in the pool's fair queue
 * @param previousLimit the limit before this decision
 * @param reason why the limit is what it is
 * @param throughputPerSecond connections returned per second in the window just measured
 * @param serviceMillis mean time a connection was held by its borrower in that window, in milliseconds (time spent
 *     waiting in the pool's queue is not included); {@code NaN} if none was returned
 * @param saturated whether borrowers were waiting for most of the window (only then does the limit bind, so only
 *     then is the window's throughput evidence about the limit)
 * @param timeouts borrows that timed out in the window
 * @param serverFull connection attempts the server refused as full (SQLSTATE 53300) in the window
 */
public record PoolTuning(int limit, int previousLimit, Reason reason, double throughputPerSecond,
        double serviceMillis, boolean saturated, long timeouts, long serverFull) {

    /** Why the limit is what it is. */
    public enum Reason {
        /** Tuning just started at the midpoint of MinPoolSize and MaxPoolSize. */
        STARTED,
        /** The first window after a change is not measured: connections were still being opened or parked. */
        SETTLING,
        /** Borrowers did not queue: the limit does not bind, so it stays. */
        DEMAND_BELOW_LIMIT,
        /** Measuring one step up: too few recent windows there to tell whether it is better. */
        PROBE_UP,
        /** Measuring one step down: too few recent windows there to tell whether it is as fast. */
        PROBE_DOWN,
        /**
         * A probe of a neighbour ended: the limit is back where the probe started, and once that limit has been measured
         * again, the windows on both sides of the probe decide whether to move.
         */
        PROBE_ENDED,
        /** Borrows timed out and one step up was not measured enough recently: measuring it. */
        TIMEOUTS,
        /**
         * One step up measured more throughput by more than the tolerance and the noise, with service time rising less
         * than the concurrency.
         */
        THROUGHPUT_RISES,
        /**
         * One step down measured as much throughput: slower by less than the tolerance, beyond the noise (or, measured
         * at length and precisely enough, no slower at all).
         */
        LOWER_IS_AS_FAST,
        /**
         * Neither neighbour is shown better (or the limit's own windows are being measured between probes): the limit
         * is at the knee.
         */
        AT_KNEE,
        /** The server refused connections as full (53300): the limit drops and is capped below it for a while. */
        SERVER_FULL,
        /**
         * Borrowers waited at the limit and no connection came back for a while (twice the mean time a connection is
         * held, at least 100 ms, at most a quarter of the connection timeout): the application holds every connection
         * the limit allows and needs more before it can return any. The limit rose at once to MaxPoolSize (to the cap,
         * within 30 s of the server refusing connections as full), as a fixed pool of MaxPoolSize would have served it.
         * Published at once, not at the end of a window. A server that answers nothing for as long stalls a pool the
         * same way, so the limit goes back once connections come back ({@link #STALL_ENDED}), unless the pool stalled
         * before within the last minute: then the stall is believed, and the limit stays and is measured from there.
         */
        STALLED,
        /**
         * Connections came back for a whole window after a stall: the limit went back in one move to where it was before
         * the stall. Had the application caused the stall (holding every connection the limit allowed and needing more),
         * it stalls again there, and that second stall, within a minute of the first, keeps the limit at MaxPoolSize.
         */
        STALL_ENDED
    }
}
