package dev.ballast.demo.chaos.replica;

/** The faults of the replica-set chaos mode. */
public enum ReplicaFault {
    /** WAL replay paused on a standby for a while ({@code pg_wal_replay_pause()}): it falls behind, then catches up. */
    LAG("lag"),
    /** The primary is killed (SIGKILL); after a short gap the most advanced standby is promoted, the others follow it. */
    FAILOVER("failover");

    private final String label;

    ReplicaFault(String label) {
        this.label = label;
    }

    /** @return the short lower-case name shown in the live line and the tally */
    public String label() {
        return label;
    }
}
