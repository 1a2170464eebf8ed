package dev.ballast.internal.topology;

import dev.ballast.resilience.CircuitState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.IntFunction;

/**
 * The topology as health data and alert conditions: every host with its role, lag and state, and what is wrong (no
 * primary, a host down, a standby beyond the lag bound). Reads a snapshot; never queries. Stateless.
 */
final class ClusterHealth {

    private ClusterHealth() {}

    /**
     * @param t the snapshot
     * @param maxLagNanos the lag bound
     * @return health data: {@code primary}, {@code hosts} (one line for people), and per host
     *     {@code host.<name:port>.role}, {@code .lag_sec} (standbys), {@code .problem} (when down),
     *     {@code .breaker} (the host's circuit breaker) and {@code .fenced} (true for an outvoted second primary)
     */
    static Map<String, Object> data(Topology t, long maxLagNanos, IntFunction<CircuitState> breaker) {
        Map<String, Object> data = new LinkedHashMap<>();
        HostView primary = t.primaryHost();
        data.put("primary", primary == null ? "none" : primary.host().toString());
        StringJoiner line = new StringJoiner("; ");
        for (int i = 0; i < t.hosts().size(); i++) {
            HostView h = t.hosts().get(i);
            String key = "host." + h.host() + ".";
            data.put(key + "role", h.role().label());
            CircuitState b = breaker.apply(i);
            data.put(key + "breaker", b.name().toLowerCase(Locale.ROOT));
            data.put(key + "fenced", h.fenced());
            String text = h.host() + " " + h.role().label();
            if (h.fenced()) {
                text += " (fenced: a second primary)";
            }
            if (b != CircuitState.CLOSED) {
                text += " (breaker " + b.name().toLowerCase(Locale.ROOT) + ")";
            }
            if (h.role() == Role.STANDBY) {
                data.put(key + "lag_sec", h.lagNanos() < 0 ? -1 : round(h.lagNanos()));
                text += h.lagNanos() < 0 ? " (lag unknown)" : " lag " + seconds(h.lagNanos());
                if (!h.servesReads(maxLagNanos)) {
                    text += " (no reads)";
                }
            }
            if (h.problem() != null) {
                data.put(key + "problem", h.problem());
            }
            line.add(text);
        }
        data.put("hosts", line.toString());
        return data;
    }

    /**
     * @param t the snapshot
     * @return what makes the cluster degraded (no primary, a host down), or null when nothing does
     */
    static String problems(Topology t) {
        List<String> found = new ArrayList<>();
        if (t.primaryHost() == null) {
            found.add("no primary is known: writes wait for one");
        }
        for (HostView h : t.hosts()) {
            if (h.role() == Role.DOWN) {
                found.add("host " + h.host() + " is down");
            } else if (h.fenced()) {
                HostView p = t.primaryHost();
                found.add("split brain: host " + h.host() + " says it is primary (timeline " + h.timeline() + ")"
                        + (p == null ? "" : " besides " + p.host() + " (timeline " + p.timeline() + ")")
                        + "; it gets no writes until it is a standby again");
            } else if (h.broken()) {
                found.add("host " + h.host() + "'s circuit breaker is open: it gets no callers");
            }
        }
        return found.isEmpty() ? null : String.join("; ", found);
    }

    /**
     * @param t the snapshot
     * @param maxLagNanos the lag bound
     * @return the standbys lagging beyond the bound, for people, or null when none does
     */
    static String lagging(Topology t, long maxLagNanos) {
        List<String> found = new ArrayList<>();
        for (HostView h : t.hosts()) {
            if (h.role() == Role.STANDBY && h.lagNanos() > maxLagNanos) { // unknown (-1, at start) is not lagging
                found.add(h.host() + " lags " + seconds(h.lagNanos()));
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        return "standby " + String.join(", ", found) + ", beyond MaxReplicaLagSeconds (" + seconds(maxLagNanos)
                + "): reads avoid it";
    }

    private static double round(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
