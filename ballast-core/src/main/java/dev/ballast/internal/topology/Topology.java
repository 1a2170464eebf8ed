package dev.ballast.internal.topology;

import dev.ballast.internal.config.HostPort;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of the cluster: every host in connection-string order, and which one is the primary. Immutable; the
 * monitor publishes a new one after each change.
 *
 * @param hosts the hosts, in connection-string order
 * @param primary the index of the current primary in {@code hosts}, or -1 if there is none
 * @param version grows by one with each published snapshot
 */
public record Topology(List<HostView> hosts, int primary, long version) {

    /** Copies the list. */
    public Topology {
        hosts = List.copyOf(hosts);
    }

    /** @return the primary, or null if none is known */
    public HostView primaryHost() {
        if (primary < 0) {
            return null;
        }
        HostView p = hosts.get(primary);
        return p.servesWrites() ? p : null;
    }

    /**
     * @param maxLagNanos the lag bound
     * @param minLsn the WAL position a standby must have replayed, or -1 for none
     * @return the standbys that may serve a read now, in connection-string order
     */
    public List<HostView> readable(long maxLagNanos, long minLsn) {
        List<HostView> out = new ArrayList<>();
        for (HostView h : hosts) {
            if (h.servesReads(maxLagNanos) && (minLsn < 0 || h.walLsn() >= minLsn)) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * @param host a host
     * @return its view
     * @throws IllegalArgumentException if it is not in this cluster
     */
    public HostView view(HostPort host) {
        for (HostView h : hosts) {
            if (h.host().equals(host)) {
                return h;
            }
        }
        throw new IllegalArgumentException("not a host of this cluster: " + host);
    }
}
