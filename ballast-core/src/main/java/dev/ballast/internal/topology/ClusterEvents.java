package dev.ballast.internal.topology;

import dev.ballast.event.BallastListener;
import dev.ballast.internal.config.HostPort;
import dev.ballast.internal.pool.Pool;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a topology change does: a host that went down or was demoted has its pool drained (idle connections closed
 * now, borrowed ones when returned), a failover is logged and reported to the listeners. Called on the monitor's
 * threads, never under a lock.
 */
final class ClusterEvents implements TopologyEvents {

    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

    private final String name;
    private final List<HostPort> hosts;
    private final List<Pool> pools;
    private final BallastListener listener;

    ClusterEvents(String name, List<HostPort> hosts, List<Pool> pools, BallastListener listener) {
        this.name = name;
        this.hosts = hosts;
        this.pools = pools;
        this.listener = listener;
    }

    @Override
    public void hostChanged(HostView before, HostView after) {
        String host = after.host().toString();
        int index = hosts.indexOf(after.host());
        if (after.role() == Role.DOWN && before.role() != Role.DOWN) {
            pools.get(index).abortAll(); // borrowed connections to a gone host would hang: their callers retry
        } else if (after.fenced() && !before.fenced()) {
            // two primaries: a write still running on the outvoted one would commit on a branch the cluster loses
            pools.get(index).abortAll();
            LOG.warn("Pool '{}': split brain: host {} says it is primary (timeline {}) while another primary was"
                    + " chosen; it gets no writes until it is a standby again", name, host, after.timeline());
        } else if (before.role() == Role.PRIMARY && after.role() == Role.STANDBY) {
            pools.get(index).evictAll(); // demoted: idle connections now, borrowed ones when returned
        } else if (after.broken() && !before.broken() && after.role() != Role.PRIMARY) {
            pools.get(index).abortAll(); // its breaker opened: callers still on it move on to another host
        }
        if (before.role() != after.role()) {
            if (after.role() == Role.DOWN) {
                LOG.warn("Pool '{}': host {} is down ({}); no caller is sent to it", name, host, after.problem());
            } else {
                LOG.info("Pool '{}': host {} is {} (was {})", name, host, after.role().label(),
                        before.role().label());
            }
        }
        listener.hostRoleChanged(host, before.role().label(), after.role().label());
    }

    @Override
    public void primaryChanged(HostView from, HostView to) {
        String was = from == null ? null : from.host().toString();
        String is = to == null ? null : to.host().toString();
        if (from != null) {
            drain(from);
        }
        if (was != null && is != null) {
            LOG.warn("Pool '{}': failover: the primary is now {} (was {}); writes go there", name, is, was);
        } else if (is == null) {
            LOG.warn("Pool '{}': no primary is known now (was {}); writes wait for one", name, was);
        } else {
            LOG.info("Pool '{}': primary is {}", name, is);
        }
        listener.primaryChanged(was, is);
    }

    private void drain(HostView host) {
        pools.get(hosts.indexOf(host.host())).evictAll();
    }
}
