package dev.ballast.internal.topology;

/**
 * What one probe of one host found.
 *
 * @param reachable false if the probe failed (then only {@code problem} is set)
 * @param inRecovery {@code pg_is_in_recovery()}: true on a standby
 * @param lsn the primary's {@code pg_current_wal_lsn()} or the standby's {@code pg_last_wal_replay_lsn()}
 * @param timeline the primary's timeline (from its current WAL file name), 0 on a standby
 * @param problem why the probe failed, or null
 */
public record ProbeResult(boolean reachable, boolean inRecovery, long lsn, long timeline, String problem) {

    /**
     * @param lsn the primary's current WAL position
     * @param timeline its timeline
     * @return a primary's answer
     */
    public static ProbeResult primary(long lsn, long timeline) {
        return new ProbeResult(true, false, lsn, timeline, null);
    }

    /**
     * @param replayLsn the standby's replayed WAL position
     * @return a standby's answer
     */
    public static ProbeResult standby(long replayLsn) {
        return new ProbeResult(true, true, replayLsn, 0, null);
    }

    /**
     * @param problem what went wrong (never a password)
     * @return a failed probe
     */
    public static ProbeResult failed(String problem) {
        return new ProbeResult(false, false, -1, 0, problem);
    }
}
