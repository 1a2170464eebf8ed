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
 */
public record HostStatus(String address, String role, boolean up, Double lagSeconds, PoolStats stats) {}
