package dev.ballast.internal.topology;

/** What the cluster does when the topology changes: drain pools, log, raise alerts. No-op defaults. */
interface TopologyEvents {

    /**
     * A host's role or reachability changed.
     *
     * @param before how it was
     * @param after how it is
     */
    default void hostChanged(HostView before, HostView after) {}

    /**
     * The primary changed: a failover (or the first primary found, with {@code from} null).
     *
     * @param from the old primary, or null
     * @param to the new primary, or null if none is known now
     */
    default void primaryChanged(HostView from, HostView to) {}
}
