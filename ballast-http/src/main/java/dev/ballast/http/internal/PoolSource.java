package dev.ballast.http.internal;

import dev.ballast.Ballast;
import dev.ballast.alert.Alert;
import dev.ballast.alert.AlertThresholds;
import dev.ballast.health.HealthReport;
import dev.ballast.pool.HostStatus;
import dev.ballast.pool.PoolStats;
import dev.ballast.resilience.CircuitState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the dashboard reads from a running pool; {@link #of(Ballast)} adapts a {@link Ballast}. */
public interface PoolSource {

    /** @return the pool's name */
    String poolName();

    /** @return the pool's statistics now */
    PoolStats stats();

    /** @return the breaker's state now */
    CircuitState circuitState();

    /** @return a fresh health report (may take up to the check's timeout) */
    HealthReport health();

    /** @return the alerts firing now */
    List<Alert> activeAlerts();

    /** @return the configuration with every secret masked, in a stable order */
    Map<String, String> configuration();

    /** @return the hosts of a multi-host pool with role, state and lag; empty for a single-host pool */
    default List<HostStatus> hosts() {
        return List.of();
    }

    /**
     * @param b a running Ballast
     * @return a source reading it
     */
    static PoolSource of(Ballast b) {
        Map<String, String> config = new LinkedHashMap<>(b.options().toMaskedMap());
        AlertThresholds t = b.alertThresholds();
        config.put("alert.utilisation", "> " + Math.round(t.utilisationRatio() * 100) + "% for "
                + t.utilisationFor().toMillis() / 1000.0 + "s");
        config.put("alert.waitersFor", t.waitersFor().toMillis() / 1000.0 + "s");
        config.put("alert.borrowTimeoutQuietPeriod", t.borrowTimeoutQuietPeriod().toMillis() / 1000.0 + "s");
        config.put("alert.circuitOpenFor", t.circuitOpenFor().toMillis() / 1000.0 + "s");
        config.put("alert.connectionFailures", t.connectionFailures() + " in "
                + t.connectionFailureWindow().toMillis() / 1000.0 + "s");
        config.put("alert.leakQuietPeriod", t.leakQuietPeriod().toMillis() / 1000.0 + "s");
        Map<String, String> ordered = java.util.Collections.unmodifiableMap(config);
        return new PoolSource() {
            @Override
            public String poolName() {
                return b.options().poolName();
            }

            @Override
            public PoolStats stats() {
                return b.stats();
            }

            @Override
            public CircuitState circuitState() {
                return b.resilience().circuitState();
            }

            @Override
            public HealthReport health() {
                return b.healthCheck().check();
            }

            @Override
            public List<Alert> activeAlerts() {
                return b.activeAlerts();
            }

            @Override
            public Map<String, String> configuration() {
                return ordered;
            }

            @Override
            public List<HostStatus> hosts() {
                return b.hosts();
            }
        };
    }
}
