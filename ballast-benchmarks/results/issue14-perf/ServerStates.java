package dev.ballast.benchmarks.scenario;

import dev.ballast.benchmarks.pool.ConnectionTarget;
import dev.ballast.benchmarks.pool.PoolKind;
import dev.ballast.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issue 14: what the server's sessions are doing while TPC-B runs, seen from the server: every 5 ms during the
 * measured window (after the warm-up) one extra session reads {@code pg_stat_activity} for the pool's sessions and
 * counts each one as running, waiting for a lock, idle in a transaction (waiting for the client's next statement) or
 * idle between transactions (the connection is in the pool, or on its way from one client thread to the next).
 * Prints, per run, TPS and those shares of the sessions' time, and the time each transaction leaves its connection
 * idle between transactions (share x pool size / TPS). The sampling session costs the machine a few per cent; every
 * pool pays it alike. Usage (compiled against benchmarks.jar as the other tools here):
 * {@code java [-Dballast.benchmarks.FairnessThresholdSeconds=0.1] -Dclients=64 -Dsize=10 -Dsecs=10
 * -Dpools=ballast,hikari -cp benchmarks.jar:classes dev.ballast.benchmarks.scenario.ServerStates ROUNDS}; output in
 * server-states-64-clients.txt.
 */
public final class ServerStates {

    private static final String SQL = "select state, wait_event_type from pg_stat_activity"
            + " where application_name = 'ballast-benchmarks' and backend_type = 'client backend'";

    public static void main(String[] a) throws Exception {
        int rounds = Integer.parseInt(a.length > 0 ? a[0] : "2");
        int clients = Integer.getInteger("clients", 64);
        int size = Integer.getInteger("size", 10);
        Duration measured = Duration.ofSeconds(Integer.getInteger("secs", 10));
        Duration warmup = Duration.ofSeconds(3);
        List<PoolKind> pools = new ArrayList<>();
        for (String p : System.getProperty("pools", "ballast,hikari").split(",")) {
            pools.add(PoolKind.of(p));
        }
        try (PostgresServer server = PostgresServer.builder().setting("synchronous_commit", "off").build()) {
            TpcbSchema schema = new TpcbSchema(10);
            try (Connection c = server.connect()) {
                schema.create(c);
            }
            ConnectionTarget target = TpcbScenario.target(server);
            System.out.printf("%d clients, pool %d, %s measured per run, Ballast's fairness threshold %s%n", clients,
                    size, measured, System.getProperty(PoolKind.BALLAST_FAIRNESS_PROPERTY, "default"));
            System.out.println("run | pool | TPS | running | lock wait | idle in transaction | idle between"
                    + " transactions | idle between, ms per transaction");
            for (int round = 0; round < rounds; round++) {
                List<PoolKind> order = new ArrayList<>(pools);
                if (round % 2 == 1) {
                    Collections.reverse(order);
                }
                for (PoolKind kind : order) {
                    try (Connection c = server.connect()) {
                        schema.reset(c);
                    }
                    Map<String, Integer> counts = new TreeMap<>();
                    AtomicBoolean stop = new AtomicBoolean();
                    Thread sampler = new Thread(() -> sample(server, warmup, stop, counts), "server-states");
                    sampler.start();
                    ClosedLoop.Outcome o = TpcbScenario.runOnce(kind, target, schema, clients, size, warmup, measured,
                            pool -> stop.set(true));
                    sampler.join();
                    double total = counts.values().stream().mapToInt(Integer::intValue).sum();
                    double idle = counts.getOrDefault("idle", 0) / total;
                    System.out.printf("%d | %s | %.0f | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.3f%n", round + 1,
                            kind.label(), o.throughputPerSecond(), 100 * counts.getOrDefault("running", 0) / total,
                            100 * counts.getOrDefault("lock", 0) / total,
                            100 * counts.getOrDefault("idle in transaction", 0) / total, 100 * idle,
                            idle * size / o.throughputPerSecond() * 1e3);
                }
            }
        }
    }

    private static void sample(PostgresServer server, Duration warmup, AtomicBoolean stop,
            Map<String, Integer> counts) {
        try (Connection c = server.connect(); PreparedStatement ps = c.prepareStatement(SQL)) {
            Thread.sleep(warmup.toMillis() + 500); // the pool opens and warms up first
            while (!stop.get()) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String state = rs.getString(1);
                        String key = "active".equals(state)
                                ? ("Lock".equals(rs.getString(2)) ? "lock" : "running")
                                : state.startsWith("idle in transaction") ? "idle in transaction" : "idle";
                        counts.merge(key, 1, Integer::sum);
                    }
                }
                Thread.sleep(5);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
