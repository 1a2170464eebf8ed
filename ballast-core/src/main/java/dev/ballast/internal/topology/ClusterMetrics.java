package dev.ballast.internal.topology;

import static dev.ballast.metrics.MetricNames.*;

import dev.ballast.internal.config.HostPort;
import dev.ballast.pool.PoolStats;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Per-host metrics of a cluster: the {@code db.client.connection.*} gauges once per host, with {@code server.address}
 * and {@code server.port} (the monitor's probe connection counted as used, as it counts in the host's MaxPoolSize),
 * the host's role ({@code ballast.host.role}), a standby's lag ({@code ballast.replica.lag}, seconds) and the host's
 * circuit breaker ({@code ballast.host.circuit_breaker.state}). Read from
 * snapshots at collection time; never a query. With several hosts these replace the pool-wide
 * {@code db.client.connection.*} series, so a sum over hosts is the pool's total.
 */
public final class ClusterMetrics implements AutoCloseable {

    private final Cluster cluster;
    private final List<Attributes> hostAttributes = new ArrayList<>();
    private final List<AutoCloseable> callbacks = new ArrayList<>();

    /**
     * @param meter the meter
     * @param poolName the pool's name
     * @param cluster the cluster
     */
    public ClusterMetrics(Meter meter, String poolName, Cluster cluster) {
        this.cluster = cluster;
        for (HostPort h : cluster.hosts()) {
            hostAttributes.add(Attributes.of(AttributeKey.stringKey(POOL_NAME), poolName,
                    AttributeKey.stringKey(SERVER_ADDRESS), h.host(), AttributeKey.longKey(SERVER_PORT),
                    (long) h.port()));
        }
        AttributeKey<String> stateKey = AttributeKey.stringKey(STATE);
        AttributeKey<String> roleKey = AttributeKey.stringKey(ROLE);
        callbacks.add(meter.upDownCounterBuilder(CONNECTION_COUNT).setUnit("{connection}")
                .setDescription("Connections by state").buildWithCallback(m -> {
                    for (int i = 0; i < hostAttributes.size(); i++) {
                        PoolStats s = cluster.hostStats(i);
                        int probe = cluster.probeConnected(i) ? 1 : 0;
                        Attributes a = hostAttributes.get(i);
                        m.record(s.idle(), a.toBuilder().put(stateKey, "idle").build());
                        m.record(s.used() + probe, a.toBuilder().put(stateKey, "used").build());
                    }
                }));
        callbacks.add(perHost(meter, CONNECTION_MAX, "{connection}", "Maximum open connections allowed",
                s -> s.max() + 1));
        callbacks.add(perHost(meter, IDLE_MAX, "{connection}", "Maximum idle connections allowed", PoolStats::max));
        callbacks.add(perHost(meter, IDLE_MIN, "{connection}", "Minimum connections kept open", PoolStats::min));
        callbacks.add(perHost(meter, PENDING, "{request}", "Callers waiting for a connection", PoolStats::pending));
        callbacks.add(meter.gaugeBuilder(HOST_ROLE).ofLongs().setUnit("1")
                .setDescription("1 for each host's current role").buildWithCallback(m -> {
                    Topology t = cluster.topology();
                    for (int i = 0; i < hostAttributes.size(); i++) {
                        m.record(1, hostAttributes.get(i).toBuilder()
                                .put(roleKey, t.hosts().get(i).role().label()).build());
                    }
                }));
        callbacks.add(meter.gaugeBuilder(REPLICA_LAG).setUnit("s")
                .setDescription("Replication lag from WAL positions; -1 while unknown").buildWithCallback(m -> {
                    Topology t = cluster.topology();
                    for (int i = 0; i < hostAttributes.size(); i++) {
                        long lag = t.hosts().get(i).lagNanos();
                        m.record(lag < 0 ? -1 : lag / 1e9, hostAttributes.get(i));
                    }
                }));
        callbacks.add(breakers(meter));
    }

    private static long code(dev.ballast.resilience.CircuitState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
            case ISOLATED -> 3;
        };
    }

    private AutoCloseable breakers(Meter meter) {
        return meter.gaugeBuilder(HOST_BREAKER_STATE).ofLongs().setUnit("1")
                .setDescription("Each host's circuit breaker: 0 closed, 1 half-open, 2 open").buildWithCallback(m -> {
                    for (int i = 0; i < hostAttributes.size(); i++) {
                        m.record(code(cluster.breakerState(i)), hostAttributes.get(i));
                    }
                });
    }

    private AutoCloseable perHost(Meter meter, String name, String unit, String description,
            ToIntFunction<PoolStats> value) {
        return meter.upDownCounterBuilder(name).setUnit(unit).setDescription(description)
                .buildWithCallback((ObservableLongMeasurement m) -> {
                    for (int i = 0; i < hostAttributes.size(); i++) {
                        m.record(value.applyAsInt(cluster.hostStats(i)), hostAttributes.get(i));
                    }
                });
    }

    @Override
    public void close() {
        for (AutoCloseable c : callbacks) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing a callback registration does not fail in practice.
            }
        }
    }
}
