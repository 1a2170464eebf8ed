package dev.ballast.pool;

/**
 * One host of a multi-host connection string as Ballast's topology monitor last saw it: read-only, for dashboards
 * and operators. Obtain the list with {@code Ballast.hosts()}; a single-host pool has none.
 *
 * @param address the host as {@code name:port}
 * @param role {@code primary}, {@code standby} or {@code unknown} (not probed yet, or down)
 * @param up false while the host cannot be reached or answers with an error (no caller is sent to it)
 * @param lagSeconds a standby's replication lag measured from WAL positions, 0 for the primary, or {@code null} when
 *     unknown (not measured yet, or the host is down)
 * @param stats the statistics of this host's own pool (the monitor's probe connection not included)
 * @param fenced true for a host that says it is primary while another host was chosen as the primary (two primaries
 *     at once, e.g. an old primary still running after a promotion): it gets no callers until it is a standby again
 * @param breaker the state of this host's own circuit breaker: {@code closed}, {@code open}, {@code half_open}
 *     (open, its break over, waiting for the monitor's next probe); while not closed the host gets no callers
 */
public record HostStatus(String address, String role, boolean up, Double lagSeconds, PoolStats stats, boolean fenced,
        String breaker) {

    /**
     * A host that is not fenced, its breaker closed.
     *
     * @param address the host as {@code name:port}
     * @param role its role
     * @param up whether it can be reached
     * @param lagSeconds its lag, or null
     * @param stats its pool's statistics
     */
    public HostStatus(String address, String role, boolean up, Double lagSeconds, PoolStats stats) {
        this(address, role, up, lagSeconds, stats, false, "closed");
    }
}
