package dev.ballast.benchmarks.failover;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.benchmarks.report.Options;
import dev.ballast.testkit.ReplicaSet;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The failover scenario's steady state alone: the write rate of closed-loop clients through each pool over one
 * replica set (a primary and a standby), no fault, rounds rotating which pool goes first so a loaded machine's drift
 * hits them alike. Pools: {@code ballast} (the multi-host URL, MaxPoolSize = pool size, so each host's pool holds one
 * connection fewer for callers: the topology monitor's probe counts in it), {@code ballast+1} (the same with one more,
 * i.e. as many caller connections as HikariCP), {@code ballast-single} (the primary's URL alone) and {@code hikari}
 * (pgjdbc's multi-host URL, {@code targetServerType=primary}). Options, {@code --name=value}: {@code clients} (8),
 * {@code pool-size} (8), {@code warmup} (2 s), {@code duration} (4 s), {@code rounds} (3), {@code pools} (all four).
 */
public final class SteadyWriteScenario {

    private SteadyWriteScenario() {}

    /**
     * @param args {@code --name=value} options, see the class documentation
     * @throws Exception if the replica set or a pool cannot be set up, or the run is interrupted
     */
    public static void main(String[] args) throws Exception {
        Logger.getLogger("org.postgresql").setLevel(Level.OFF);
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("clients", "8");
        defaults.put("pool-size", "8");
        defaults.put("warmup", "2");
        defaults.put("duration", "4");
        defaults.put("rounds", "3");
        defaults.put("pools", "ballast,ballast+1,ballast-single,hikari");
        Options o = Options.parse(args, defaults);
        List<String> pools = o.list("pools");
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        try (ReplicaSet set = ReplicaSet.launch(1)) {
            try (Connection c = set.primary().server().connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE steady_writes(id bigserial PRIMARY KEY, client int NOT NULL, "
                        + "at timestamptz NOT NULL DEFAULT now())");
            }
            set.awaitAllReplayed(Duration.ofSeconds(30));
            for (int round = 0; round < o.positiveInt("rounds"); round++) {
                List<String> order = new ArrayList<>(pools);
                Collections.rotate(order, round);
                for (String pool : order) {
                    double rate = measure(set, pool, o);
                    rates.computeIfAbsent(pool, k -> new ArrayList<>()).add(rate);
                    System.out.printf("round %d, %s: %.0f writes/s%n", round + 1, pool, rate);
                }
            }
        }
        System.out.println();
        System.out.printf("Steady writes: %d clients, pool size %d, %s per measurement after %s; JDK %s, %d CPUs%n%n",
                o.positiveInt("clients"), o.positiveInt("pool-size"), Options.format(o.duration("duration")),
                Options.format(o.duration("warmup")), Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.println("| pool | writes/s per round | median | median / hikari |");
        System.out.println("| --- | --- | --- | --- |");
        double hikari = rates.containsKey("hikari") ? median(rates.get("hikari")) : Double.NaN;
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            StringBuilder each = new StringBuilder();
            for (double r : e.getValue()) {
                each.append(each.length() == 0 ? "" : ", ").append(Math.round(r));
            }
            double m = median(e.getValue());
            System.out.printf("| %s | %s | %.0f | %.2f |%n", e.getKey(), each, m, m / hikari);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static FailoverSubject.Open open(ReplicaSet set, String pool, int size) {
        Duration timeout = Duration.ofSeconds(5);
        return switch (pool) {
            case "ballast" -> FailoverSubject.BALLAST.open(set, size, timeout);
            case "ballast+1" -> FailoverSubject.BALLAST.open(set, size + 1, timeout);
            case "hikari" -> FailoverSubject.HIKARI.open(set, size, timeout);
            case "ballast-single" -> {
                Ballast db = Ballast.start(DatabaseOptions.builder().url(set.primary().jdbcUrl()).username("postgres")
                        .poolName("ballast-single").minPoolSize(size).maxPoolSize(size).connectionTimeout(timeout)
                        .build(), OpenTelemetry.noop());
                yield new FailoverSubject.Open(db.dataSource(), db::close);
            }
            default -> throw new IllegalArgumentException(
                    "pools must be among ballast, ballast+1, ballast-single, hikari, but was '" + pool + "'");
        };
    }

    private static double measure(ReplicaSet set, String pool, Options o) throws Exception {
        try (FailoverSubject.Open open = open(set, pool, o.positiveInt("pool-size"))) {
            awaitFirstWrite(open);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicBoolean counting = new AtomicBoolean();
            LongAdder writes = new LongAdder();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < o.positiveInt("clients"); i++) {
                int id = i;
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try (Connection c = open.dataSource().getConnection(); PreparedStatement ps =
                                c.prepareStatement("INSERT INTO steady_writes(client) VALUES (?)")) {
                            ps.setInt(1, id);
                            ps.executeUpdate();
                            if (counting.get()) {
                                writes.increment();
                            }
                        } catch (SQLException e) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                        }
                    }
                }, "steady-client-" + i);
                t.setDaemon(true);
                clients.add(t);
                t.start();
            }
            Thread.sleep(o.duration("warmup").toMillis()); // the run's schedule, not a wait for a condition
            counting.set(true);
            long start = System.nanoTime();
            Thread.sleep(o.duration("duration").toMillis());
            counting.set(false);
            double rate = writes.sum() / ((System.nanoTime() - start) / 1e9);
            running.set(false);
            for (Thread t : clients) {
                t.join(TimeUnit.MINUTES.toMillis(1));
            }
            return rate;
        }
    }

    private static void awaitFirstWrite(FailoverSubject.Open open) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = open.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO steady_writes(client) VALUES (-1)");
                return;
            } catch (SQLException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }
}
