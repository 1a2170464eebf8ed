package dev.ballast.demo.chaos.replica;

import dev.ballast.testkit.ReplicaNode;
import dev.ballast.testkit.ReplicaSet;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Breaks and repairs a {@link ReplicaSet}: {@link #inject} starts a fault, {@link #repair} ends it, the run holds it in
 * between. Called from one thread at a time.
 */
public final class ReplicaFaults {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFaults.class);

    private final ReplicaSet set;
    private ReplicaNode lagging;

    /** @param set the replica set the service uses */
    public ReplicaFaults(ReplicaSet set) {
        this.set = Objects.requireNonNull(set, "set");
    }

    /**
     * @param fault the fault to start
     * @return a note for the tally
     * @throws Exception if it could not be injected
     */
    public String inject(ReplicaFault fault) throws Exception {
        switch (fault) {
            case LAG:
                lagging = lastRunningStandby();
                set.pauseReplay(lagging);
                return "replay paused on " + lagging.name();
            case FAILOVER:
                ReplicaNode primary = set.primary();
                primary.server().crash();
                return primary.name() + " killed";
            default:
                throw new IllegalArgumentException("unknown fault " + fault);
        }
    }

    /**
     * @param fault the fault {@link #inject} started
     * @return a note for the tally
     * @throws Exception if it could not be repaired
     */
    public String repair(ReplicaFault fault) throws Exception {
        switch (fault) {
            case LAG:
                set.resumeReplay(lagging);
                return "replay resumed on " + lagging.name();
            case FAILOVER:
                ReplicaNode promoted = set.mostAdvancedStandby();
                set.failover(promoted);
                return promoted.name() + " promoted";
            default:
                throw new IllegalArgumentException("unknown fault " + fault);
        }
    }

    /** Resumes replay wherever it may still be paused. Never throws. */
    public void repairAll() {
        for (ReplicaNode n : set.standbys()) {
            if (n.server().isRunning()) {
                try {
                    set.resumeReplay(n);
                } catch (Exception e) {
                    LOG.warn("could not resume replay on {}", n.name(), e);
                }
            }
        }
    }

    private ReplicaNode lastRunningStandby() {
        ReplicaNode last = null;
        for (ReplicaNode n : set.standbys()) {
            if (n.server().isRunning()) {
                last = n;
            }
        }
        if (last == null) {
            throw new IllegalStateException("no standby is running to lag");
        }
        return last;
    }
}
