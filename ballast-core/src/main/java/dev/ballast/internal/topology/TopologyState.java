package dev.ballast.internal.topology;

import dev.ballast.internal.config.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The monitor's memory: merges each probe (and each error a caller's connection reports) into a new {@link Topology}
 * snapshot, picks the primary, and measures standby lag with a {@link LagTracker}. Readers take {@link #current()}
 * without locking; updates are serialized by a lock that guards only in-memory work. Events are delivered after
 * the lock is released. Time is an argument. Thread-safe.
 *
 * <p><b>Which primary.</b> When more than one host says it is not in recovery (an old primary still running after a
 * standby was promoted: split brain), the one on the highest timeline wins, then the one that became primary last.
 * The other is <em>fenced</em>: it gets no writes and its connections are drained, and it stays fenced until a probe
 * finds it a standby, even if the winner goes down meanwhile. Writes therefore never go back and forth between two
 * primaries; with the winner down they wait for a primary as in any failover.
 */
final class TopologyState {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LagTracker lag;
    private final TopologyEvents events;
    private final List<HostView> hosts = new ArrayList<>();
    private int primary = -1;
    private int lastPrimary = -1;
    private long version;
    private volatile Topology current;

    /**
     * @param hostList the hosts, in connection-string order
     * @param lagHorizonNanos how much WAL history to keep for lag (longer than the lag bound)
     * @param events told of changes
     * @param now the time
     */
    TopologyState(List<HostPort> hostList, long lagHorizonNanos, TopologyEvents events, long now) {
        this.lag = new LagTracker(lagHorizonNanos);
        this.events = events;
        for (HostPort h : hostList) {
            hosts.add(HostView.unknown(h, now));
        }
        current = new Topology(hosts, -1, 0);
    }

    /** @return the latest snapshot */
    Topology current() {
        return current;
    }

    /**
     * Merges one probe's answer.
     *
     * @param index the host's index
     * @param result what the probe found
     * @param now the time of the answer
     */
    void probed(int index, ProbeResult result, long now) {
        List<HostView> before;
        List<HostView> after;
        HostView oldPrimary;
        HostView newPrimary;
        lock.lock();
        try {
            before = List.copyOf(hosts);
            hosts.set(index, merge(hosts.get(index), result, now));
            oldPrimary = primary < 0 ? null : hosts.get(primary);
            choosePrimary();
            refreshLag(now);
            newPrimary = primary < 0 ? null : hosts.get(primary);
            after = List.copyOf(hosts);
            publish();
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < after.size(); i++) { // the probed host, and any host fenced by its answer
            hostNotify(before.get(i), after.get(i));
        }
        primaryNotify(oldPrimary, newPrimary);
    }

    /**
     * A caller's connection to this host failed in a way that may mean a role change or an outage (25006, 57P01,
     * class 08): no new caller goes there until the next probe answers.
     *
     * @param index the host's index
     * @param why the error message
     */
    void suspect(int index, String why) {
        HostView before;
        HostView after;
        lock.lock();
        try {
            before = hosts.get(index);
            if (before.suspect() || before.role() == Role.DOWN) {
                return;
            }
            after = before.suspected(why);
            hosts.set(index, after);
            publish();
        } finally {
            lock.unlock();
        }
        notify(before, after, null, null);
    }

    /**
     * The host's circuit breaker opened or closed: while it is not closed no caller is sent to the host.
     *
     * @param index the host's index
     * @param broken true when the breaker left the closed state, false when it closed again
     */
    void broken(int index, boolean broken) {
        HostView before;
        HostView after;
        lock.lock();
        try {
            before = hosts.get(index);
            if (before.broken() == broken) {
                return;
            }
            after = before.withBroken(broken);
            hosts.set(index, after);
            publish();
        } finally {
            lock.unlock();
        }
        notify(before, after, null, null);
    }

    private static HostView merge(HostView before, ProbeResult r, long now) {
        if (!r.reachable()) {
            long since = before.role() == Role.DOWN ? before.sinceNanos() : now;
            return new HostView(before.host(), Role.DOWN, -1, 0, -1, false, since, r.problem(), before.fenced(),
                    before.broken());
        }
        Role role = r.inRecovery() ? Role.STANDBY : Role.PRIMARY;
        long since = before.role() == role ? before.sinceNanos() : now;
        boolean fenced = before.fenced() && role != Role.STANDBY; // a demoted host follows the primary: no risk left
        return new HostView(before.host(), role, r.lsn(), r.timeline(), before.lagNanos(), false, since, null,
                fenced, before.broken());
    }

    private void choosePrimary() {
        int best = -1;
        for (int i = 0; i < hosts.size(); i++) {
            HostView h = hosts.get(i);
            if (h.role() != Role.PRIMARY || h.fenced()) {
                continue;
            }
            if (best < 0) {
                best = i;
                continue;
            }
            HostView b = hosts.get(best);
            if (h.timeline() > b.timeline() || (h.timeline() == b.timeline() && h.sinceNanos() > b.sinceNanos())) {
                best = i;
            }
        }
        for (int i = 0; i < hosts.size(); i++) {
            HostView h = hosts.get(i);
            if (i != best && h.role() == Role.PRIMARY && !h.fenced()) {
                hosts.set(i, h.withFenced(true)); // split brain: the loser never gets writes until it is a standby
            }
        }
        if (best >= 0 && best != lastPrimary) {
            lag.reset(); // another server's WAL positions; while none is primary the last history still holds
            lastPrimary = best;
        }
        primary = best;
    }

    private void refreshLag(long now) {
        if (primary >= 0) {
            lag.primaryAt(now, hosts.get(primary).walLsn());
        }
        for (int i = 0; i < hosts.size(); i++) {
            HostView h = hosts.get(i);
            long l = h.role() == Role.STANDBY ? lag.lagNanos(now, h.walLsn())
                    : h.role() == Role.PRIMARY && i == primary ? 0 : -1;
            if (l != h.lagNanos()) {
                hosts.set(i, h.withLag(l));
            }
        }
    }

    private void publish() {
        current = new Topology(hosts, primary, ++version);
        changed.signalAll();
    }

    /**
     * Waits until a snapshot newer than {@code version} is published, or the timeout passes.
     *
     * @param version the version the caller has seen
     * @param timeoutNanos the longest wait
     * @return the latest snapshot (possibly still {@code version} after the timeout)
     * @throws InterruptedException if interrupted while waiting
     */
    Topology awaitNewer(long version, long timeoutNanos) throws InterruptedException {
        long left = timeoutNanos;
        lock.lock();
        try {
            while (current.version() <= version && left > 0) {
                left = changed.awaitNanos(left);
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    private void notify(HostView before, HostView after, HostView oldPrimary, HostView newPrimary) {
        hostNotify(before, after);
        primaryNotify(oldPrimary, newPrimary);
    }

    private void hostNotify(HostView before, HostView after) {
        if (before.role() != after.role() || before.suspect() != after.suspect() || before.fenced() != after.fenced()
                || before.broken() != after.broken()) {
            events.hostChanged(before, after);
        }
    }

    private void primaryNotify(HostView oldPrimary, HostView newPrimary) {
        String was = oldPrimary == null ? null : oldPrimary.host().toString();
        String is = newPrimary == null ? null : newPrimary.host().toString();
        if (!java.util.Objects.equals(was, is)) {
            events.primaryChanged(oldPrimary, newPrimary);
        }
    }
}
