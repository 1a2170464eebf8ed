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
 * standby was promoted), the one on the highest timeline wins, then the one that became primary last; the other gets
 * no writes and its connections are drained.
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
        HostView before;
        HostView after;
        HostView oldPrimary;
        HostView newPrimary;
        lock.lock();
        try {
            before = hosts.get(index);
            after = merge(before, result, now);
            hosts.set(index, after);
            oldPrimary = primary < 0 ? null : hosts.get(primary);
            choosePrimary();
            refreshLag(now);
            newPrimary = primary < 0 ? null : hosts.get(primary);
            after = hosts.get(index);
            publish();
        } finally {
            lock.unlock();
        }
        notify(before, after, oldPrimary, newPrimary);
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

    private static HostView merge(HostView before, ProbeResult r, long now) {
        if (!r.reachable()) {
            long since = before.role() == Role.DOWN ? before.sinceNanos() : now;
            return new HostView(before.host(), Role.DOWN, -1, 0, -1, false, since, r.problem());
        }
        Role role = r.inRecovery() ? Role.STANDBY : Role.PRIMARY;
        long since = before.role() == role ? before.sinceNanos() : now;
        return new HostView(before.host(), role, r.lsn(), r.timeline(), before.lagNanos(), false, since, null);
    }

    private void choosePrimary() {
        int best = -1;
        for (int i = 0; i < hosts.size(); i++) {
            HostView h = hosts.get(i);
            if (h.role() != Role.PRIMARY) {
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
                hosts.set(i, new HostView(h.host(), h.role(), h.walLsn(), h.timeline(), l, h.suspect(),
                        h.sinceNanos(), h.problem()));
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
        if (before.role() != after.role() || before.suspect() != after.suspect()) {
            events.hostChanged(before, after);
        }
        String was = oldPrimary == null ? null : oldPrimary.host().toString();
        String is = newPrimary == null ? null : newPrimary.host().toString();
        if (!java.util.Objects.equals(was, is)) {
            events.primaryChanged(oldPrimary, newPrimary);
        }
    }
}
