package dev.ballast.internal.topology;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Turns WAL positions into replication lag in time. The monitor records the primary's current WAL position at each
 * probe; a standby's lag is how long ago the primary had written exactly as far as the standby has replayed
 * (interpolated between two records), and zero once it has replayed everything the primary had written at the last
 * record. An idle primary writes nothing, so a caught-up standby stays at zero however old its last replayed
 * transaction is (the flaw of {@code now() - pg_last_xact_replay_timestamp()}). Records are kept for the
 * horizon. Time is an argument (no clock inside). Not
 * thread-safe: the monitor owns it.
 */
final class LagTracker {

    private record Mark(long nanos, long lsn) {}

    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private final long horizonNanos;

    /** @param horizonNanos how much history to keep; longer than the lag bound */
    LagTracker(long horizonNanos) {
        this.horizonNanos = horizonNanos;
    }

    /**
     * @param nowNanos the time of the reading
     * @param primaryLsn the primary's {@code pg_current_wal_lsn()} then
     */
    void primaryAt(long nowNanos, long primaryLsn) {
        Mark last = marks.peekLast();
        if (last != null && primaryLsn < last.lsn) {
            marks.clear(); // another primary (a failover): its positions are a new history
        }
        if (last == null || primaryLsn != last.lsn) {
            marks.addLast(new Mark(nowNanos, primaryLsn)); // an unchanged position keeps the time it was first seen
        }
        while (marks.size() > 2 && nowNanos - secondOldest().nanos > horizonNanos) {
            marks.pollFirst();
        }
    }

    private Mark secondOldest() {
        Iterator<Mark> it = marks.iterator();
        it.next();
        return it.next();
    }

    /** Forgets every record (the primary changed). */
    void reset() {
        marks.clear();
    }

    /**
     * @param nowNanos the time now
     * @param replayLsn the standby's {@code pg_last_wal_replay_lsn()}
     * @return its lag in nanoseconds, or -1 if nothing is known of the primary yet
     */
    long lagNanos(long nowNanos, long replayLsn) {
        Mark last = marks.peekLast();
        if (last == null) {
            return -1;
        }
        if (replayLsn >= last.lsn) {
            return 0;
        }
        Mark after = null;
        for (Iterator<Mark> it = marks.descendingIterator(); it.hasNext();) {
            Mark m = it.next();
            if (m.lsn <= replayLsn) {
                // Replayed up to somewhere between m and after: the primary wrote that WAL at about this time.
                double share = after.lsn == m.lsn ? 1 : (double) (replayLsn - m.lsn) / (after.lsn - m.lsn);
                long writtenAt = m.nanos + (long) (share * (after.nanos - m.nanos));
                return Math.max(0, nowNanos - writtenAt);
            }
            after = m;
        }
        // Behind the oldest record: at least that old, and treated as beyond the horizon (hence beyond the bound),
        // since how much older is unknown.
        return Math.max(horizonNanos, nowNanos - marks.peekFirst().nanos);
    }
}
