package dev.ballast.internal.alert;

import dev.ballast.pool.PoolStats;
import dev.ballast.resilience.CircuitState;
import java.time.Duration;
import java.util.Locale;

/**
 * The rules' conditions, as pure functions of what the evaluator sees: each returns what it found, for people, or
 * {@code null} when its condition does not hold.
 */
final class Conditions {

    private Conditions() {}

    static String utilisation(PoolStats s, double ratio, Duration sustainedFor) {
        if (s.max() <= 0 || (double) s.used() / s.max() <= ratio) {
            return null;
        }
        return String.format(Locale.ROOT, "%d of %d connections in use (%.0f%%, above %.0f%%) for %s", s.used(),
                s.max(), 100.0 * s.used() / s.max(), 100 * ratio, seconds(sustainedFor));
    }

    static String waiters(PoolStats s, Duration sustainedFor) {
        if (s.pending() <= 0) {
            return null;
        }
        return s.pending() + (s.pending() == 1 ? " caller" : " callers") + " waiting for a connection ("
                + s.used() + " of " + s.max() + " in use) for " + seconds(sustainedFor);
    }

    static String borrowTimeout(long now, long lastTimeout, long total, Duration quiet) {
        if (lastTimeout == AlertInputs.NEVER || now - lastTimeout >= quiet.toNanos()) {
            return null;
        }
        return "a borrow timed out waiting for a connection (" + total + " since start); clears after "
                + seconds(quiet) + " without another";
    }

    static String circuit(CircuitState state) {
        return state == CircuitState.CLOSED ? null : "the circuit breaker is " + state.name();
    }

    static String failures(int failures, int threshold, Duration window) {
        if (failures < threshold) {
            return null;
        }
        return failures + " attempts to open a connection failed in the last " + seconds(window);
    }

    static String leak(long now, long lastLeak, long heldNanos, Duration quiet) {
        if (lastLeak == AlertInputs.NEVER || now - lastLeak >= quiet.toNanos()) {
            return null;
        }
        return "a connection was held for " + Duration.ofNanos(heldNanos).toMillis()
                + " ms, past the leak detection threshold; clears after " + seconds(quiet) + " without another";
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
