package dev.ballast.internal.topology;

import dev.ballast.internal.config.HostPort;

/**
 * One host as the monitor last saw it. Immutable.
 *
 * @param host the host and port
 * @param role its role
 * @param walLsn the primary's {@code pg_current_wal_lsn()} or the standby's {@code pg_last_wal_replay_lsn()}; -1 if
 *     unknown
 * @param timeline the server's timeline ({@code pg_control_checkpoint()}); 0 if unknown
 * @param lagNanos a standby's replication lag measured from WAL positions, 0 for the primary, -1 if unknown
 * @param suspect true when a caller's connection to this standby reported a failure since the last probe: it gets no
 *     new reads until the next probe (which is started at once) says it is well; writes are not held back (the
 *     probe decides, within milliseconds)
 * @param sinceNanos when the host took this role
 * @param problem the last probe's or caller's error message while DOWN or suspect, else null
 * @param fenced true for a host that says it is primary while another primary was chosen over it (two primaries at
 *     once, an old primary still running after a promotion): it never gets writes again until it is seen as a
 *     standby (demoted and following the primary), whatever happens to the other
 * @param broken true while the host's own circuit breaker is not closed: too many of its callers' attempts failed
 *     transiently; no caller is sent to it until the monitor's probe after the break duration succeeds
 */
public record HostView(HostPort host, Role role, long walLsn, long timeline, long lagNanos, boolean suspect,
        long sinceNanos, String problem, boolean fenced, boolean broken) {

    /**
     * @param host the host
     * @param now the time
     * @return a host not probed yet
     */
    static HostView unknown(HostPort host, long now) {
        return new HostView(host, Role.UNKNOWN, -1, 0, -1, false, now, null, false, false);
    }

    /**
     * @param maxLagNanos the lag bound
     * @return true if reads may go here: a standby, not suspect, its breaker closed, lag known and within the bound
     */
    boolean servesReads(long maxLagNanos) {
        return role == Role.STANDBY && !suspect && !broken && lagNanos >= 0 && lagNanos <= maxLagNanos;
    }

    /** @return true if writes may go here: a primary that is not fenced and whose breaker is closed */
    boolean servesWrites() {
        return role == Role.PRIMARY && !fenced && !broken;
    }

    HostView suspected(String why) {
        return new HostView(host, role, walLsn, timeline, lagNanos, true, sinceNanos, why, fenced, broken);
    }

    HostView withLag(long lag) {
        return new HostView(host, role, walLsn, timeline, lag, suspect, sinceNanos, problem, fenced, broken);
    }

    HostView withFenced(boolean f) {
        return new HostView(host, role, walLsn, timeline, lagNanos, suspect, sinceNanos, problem, f, broken);
    }

    HostView withBroken(boolean b) {
        return new HostView(host, role, walLsn, timeline, lagNanos, suspect, sinceNanos, problem, fenced, b);
    }
}
