package dev.ballast.benchmarks.scenario;

import dev.ballast.benchmarks.pool.ConnectionTarget;
import dev.ballast.benchmarks.pool.PoolKind;
import dev.ballast.benchmarks.pool.PoolUnderTest;
import dev.ballast.benchmarks.report.LatencySummary;
import dev.ballast.benchmarks.report.MarkdownTable;
import dev.ballast.benchmarks.report.Options;
import dev.ballast.benchmarks.report.ResultFiles;
import dev.ballast.benchmarks.report.Versus;
import dev.ballast.testkit.PgBouncer;
import dev.ballast.testkit.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * Issue 4, benchmark 3: a pgbench-like TPC-B transaction mix against a real PostgreSQL (embedded, from the testkit)
 * through each pool, at several client-thread counts with a fixed pool size. Each client is a platform thread that
 * borrows a connection, runs one transaction (three updates, a select, an insert, commit) and returns it, in a
 * closed loop. Latency runs from {@code getConnection()} to {@code close()}, so it includes waiting for a connection.
 * For each client count the pools run one after the other (alternating order), each on a freshly reset database,
 * after a JVM warm-up pass (each pool once at the first point, not recorded), so that the first pool measured does
 * not pay for compiling the code every pool shares.
 *
 * <p>The server runs with {@code synchronous_commit=off} so that the disk's flush latency does not hide the pools'
 * differences; everything else is the testkit's defaults. Options, all {@code --name=value}: {@code clients}
 * ({@code 4,16,64}), {@code pool-size} ({@code 10,20}: each size is a separate set of runs), {@code scale} (10: 1,000,000 accounts), {@code warmup} (5 s),
 * {@code jvm-warmup} (5 s per pool, before the first point; 0: none), {@code duration} (15 s), {@code rounds} (1), {@code pools} (all: {@link PoolKind#ALL}), {@code out} (directory for
 * {@code tpcb.md/.json}; none by default), {@code bouncer} ({@code none}; {@code session} or {@code transaction}
 * runs every pool through a testkit PgBouncer in that mode, {@code prepareThreshold=0} in transaction mode).
 */
public final class TpcbScenario {

    private TpcbScenario() {
    }

    /**
     * @param args {@code --name=value} options, see the class documentation
     * @throws Exception if the server, the schema or a pool cannot be set up, or the run is interrupted
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("clients", "4,16,64");
        defaults.put("pool-size", "10,20");
        defaults.put("scale", "10");
        defaults.put("warmup", "5");
        defaults.put("jvm-warmup", "5");
        defaults.put("duration", "15");
        defaults.put("rounds", "1");
        defaults.put("pools", PoolKind.ALL);
        defaults.put("out", "");
        defaults.put("bouncer", "none");
        Options options = Options.parse(args, defaults);
        List<Integer> clientCounts = options.positiveInts("clients");
        List<Integer> poolSizes = options.positiveInts("pool-size");
        int scale = options.positiveInt("scale");
        Duration warmup = options.duration("warmup");
        Duration duration = options.duration("duration");
        int rounds = options.positiveInt("rounds");
        List<PoolKind> pools = options.list("pools").stream().map(PoolKind::of).toList();

        String bouncerMode = options.string("bouncer");
        if (!List.of("none", "session", "transaction").contains(bouncerMode)) {
            throw new IllegalArgumentException("--bouncer must be none, session or transaction, but was "
                    + bouncerMode);
        }
        try (PostgresServer server = PostgresServer.builder().setting("synchronous_commit", "off").build();
                PgBouncer bouncer = bouncerMode.equals("none") ? null : PgBouncer.builder(server)
                        .poolMode(bouncerMode.equals("session") ? PgBouncer.PoolMode.SESSION
                                : PgBouncer.PoolMode.TRANSACTION)
                        .setting("default_pool_size", Integer.toString(Collections.max(poolSizes)))
                        .build()) {
            ConnectionTarget target = bouncer == null ? target(server) : target(bouncer);
            TpcbSchema schema = new TpcbSchema(scale);
            long loadStart = System.nanoTime();
            try (Connection c = server.connect()) {
                schema.create(c);
            }
            System.out.printf("TPC-B schema at scale %d loaded in %.1f s (PostgreSQL %s)%n", scale,
                    (System.nanoTime() - loadStart) / 1e9, server.setting("server_version"));

            Duration jvmWarmup = options.duration("jvm-warmup");
            if (!jvmWarmup.isZero()) {
                for (PoolKind kind : pools) {
                    try (Connection c = server.connect()) {
                        schema.reset(c);
                    }
                    System.out.printf("JVM warm-up (not recorded): %s, %s%n", kind.label(), Options.format(jvmWarmup));
                    runOnce(kind, target, schema, clientCounts.get(0), poolSizes.get(0), jvmWarmup,
                            Duration.ofSeconds(1));
                }
            }
            Map<Point, Map<PoolKind, List<ClosedLoop.Outcome>>> outcomes = new LinkedHashMap<>();
            int run = 0;
            for (int poolSize : poolSizes) {
                for (int clients : clientCounts) {
                    for (int round = 0; round < rounds; round++) {
                        List<PoolKind> order = new ArrayList<>(pools);
                        if (run++ % 2 == 1) {
                            Collections.reverse(order);
                        }
                        for (PoolKind kind : order) {
                            try (Connection c = server.connect()) {
                                schema.reset(c);
                            }
                            System.out.printf("%s, %d clients, pool %d: %s warm-up + %s%n", kind.label(), clients,
                                    poolSize, Options.format(warmup), Options.format(duration));
                            List<Integer> limits = new ArrayList<>();
                            String[] stats = new String[1];
                            ClosedLoop.Outcome outcome = runOnce(kind, target, schema, clients, poolSize, warmup,
                                    duration, pool -> {
                                        limits.addAll(pool.limitTrace());
                                        stats[0] = pool.diagnostics();
                                    });
                            System.out.printf("  %.0f tps, %d failures, client CPU %.1f µs/tx, %.2f context switches/tx%n",
                                    outcome.throughputPerSecond(), outcome.failureCount(),
                                    outcome.cpuMicrosPerOperation(), outcome.contextSwitchesPerOperation());
                            if (!limits.isEmpty()) { // a self-sizing pool: its limit after each decision
                                System.out.println("  limits: " + limits);
                                System.out.println("  at the end: " + stats[0]); // connections opened and closed
                            }
                            outcomes.computeIfAbsent(new Point(poolSize, clients), k -> new LinkedHashMap<>())
                                    .computeIfAbsent(kind, k -> new ArrayList<>()).add(outcome);
                        }
                    }
                }
            }

            String fairness = System.getProperty(PoolKind.BALLAST_FAIRNESS_PROPERTY);
            String title = String.format("TPC-B (pgbench-like) on PostgreSQL %s" + (bouncer == null ? ""
                            : " through PgBouncer (" + bouncerMode + " mode)") + ": scale %d, %s measured "
                            + "(after %s warm-up) x %d round(s) per point, JDK %s, %d CPUs",
                    server.setting("server_version"), scale, Options.format(duration),
                    Options.format(warmup), rounds, Runtime.version(), Runtime.getRuntime().availableProcessors())
                    + (fairness == null ? "" : ", Ballast's FairnessThresholdSeconds " + fairness);
            Map<String, Object> json = new LinkedHashMap<>();
            String markdown = report(title, outcomes, json);
            System.out.println();
            System.out.println(markdown);
            String out = options.string("out");
            if (!out.isEmpty()) {
                ResultFiles.write(Path.of(out), "tpcb", markdown, json);
            }
        }
    }

    /**
     * pgjdbc with its own defaults made explicit ({@code prepareThreshold=5},
     * {@code preparedStatementCacheQueries=256}), given to every pool alike, so that no pool's defaults change how the
     * driver prepares statements.
     */
    static ConnectionTarget target(PostgresServer server) {
        Properties properties = new Properties();
        properties.setProperty("user", server.username());
        properties.setProperty("ApplicationName", "ballast-benchmarks");
        properties.setProperty("prepareThreshold", "5");
        properties.setProperty("preparedStatementCacheQueries", "256");
        return new ConnectionTarget(new org.postgresql.Driver(), server.jdbcUrl(), properties);
    }

    /**
     * Through a PgBouncer: the same for every pool, with {@code prepareThreshold=0} in transaction mode (PgBouncer
     * 1.18 cannot keep named statements across transactions).
     */
    static ConnectionTarget target(PgBouncer bouncer) {
        Properties properties = new Properties();
        properties.setProperty("user", bouncer.username());
        properties.setProperty("ApplicationName", "ballast-benchmarks");
        boolean transaction = bouncer.poolMode() == PgBouncer.PoolMode.TRANSACTION;
        properties.setProperty("prepareThreshold", transaction ? "0" : "5");
        properties.setProperty("preparedStatementCacheQueries", "256");
        return new ConnectionTarget(new org.postgresql.Driver(), bouncer.jdbcUrl(), properties);
    }

    static ClosedLoop.Outcome runOnce(PoolKind kind, ConnectionTarget target, TpcbSchema schema,
            int clients, int poolSize, Duration warmup, Duration duration) throws InterruptedException {
        return runOnce(kind, target, schema, clients, poolSize, warmup, duration, pool -> { });
    }

    /** As above; {@code afterRun} sees the pool after the measured window, before it closes. */
    static ClosedLoop.Outcome runOnce(PoolKind kind, ConnectionTarget target, TpcbSchema schema,
            int clients, int poolSize, Duration warmup, Duration duration,
            java.util.function.Consumer<PoolUnderTest> afterRun) throws InterruptedException {
        try (PoolUnderTest pool = kind.open(target, poolSize)) {
            DataSource dataSource = pool.dataSource();
            AtomicInteger ids = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(clients, r -> {
                Thread t = new Thread(r, "tpcb-client-" + ids.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            ClosedLoop.Outcome outcome = ClosedLoop.run(executor, clients, warmup, duration,
                    (worker, loop, measured) -> {
                        long start = System.nanoTime();
                        try (Connection connection = dataSource.getConnection()) {
                            schema.transaction(connection);
                        }
                        loop.record(worker, measured, System.nanoTime() - start);
                    });
            afterRun.accept(pool);
            return outcome;
        }
    }

    /** One measured point: the pool's size (min = max) and the number of clients. */
    record Point(int poolSize, int clients) {
    }

    static String report(String title, Map<Point, Map<PoolKind, List<ClosedLoop.Outcome>>> outcomes,
            Map<String, Object> json) {
        boolean severalRounds = outcomes.values().stream()
                .anyMatch(byPool -> byPool.values().stream().anyMatch(list -> list.size() > 1));
        List<String> header = new ArrayList<>(List.of("pool size", "clients", "pool", "TPS"));
        if (severalRounds) {
            header.add("TPS per round");
        }
        header.addAll(List.of("p50 ms", "p99 ms", "p99.9 ms", "max ms", "failures", "client CPU µs/tx",
                "switches/tx", "TPS ÷ best peer", "p99 ÷ best peer"));
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        List<Map<String, Object>> rows = new ArrayList<>();
        outcomes.forEach((point, byPool) -> {
            Map<String, Double> tps = new LinkedHashMap<>();
            Map<String, Double> p99 = new LinkedHashMap<>();
            Map<PoolKind, LatencySummary> latency = new LinkedHashMap<>();
            Map<PoolKind, Map<String, Long>> failures = new LinkedHashMap<>();
            Map<PoolKind, Double> cpu = new LinkedHashMap<>();
            Map<PoolKind, Double> switchesPerTx = new LinkedHashMap<>();
            byPool.forEach((kind, list) -> {
                Histogram merged = new Histogram(3);
                double sum = 0;
                long cpuNanos = 0;
                long operations = 0;
                long switches = 0;
                Map<String, Long> failed = new TreeMap<>();
                for (ClosedLoop.Outcome o : list) {
                    merged.add(o.latencies());
                    sum += o.throughputPerSecond();
                    cpuNanos += o.cpuNanos();
                    operations += o.operations();
                    switches = switches < 0 || o.contextSwitches() < 0 ? -1 : switches + o.contextSwitches();
                    o.failures().forEach((k, v) -> failed.merge(k, v, Long::sum));
                }
                LatencySummary summary = LatencySummary.of(merged);
                tps.put(kind.label(), sum / list.size());
                p99.put(kind.label(), summary.p99Micros());
                latency.put(kind, summary);
                failures.put(kind, failed);
                cpu.put(kind, cpuNanos < 0 || operations == 0 ? Double.NaN : cpuNanos / 1e3 / operations);
                switchesPerTx.put(kind, switches < 0 || operations == 0 ? Double.NaN : (double) switches / operations);
            });
            String ballast = PoolKind.BALLAST.label();
            for (PoolKind kind : PoolKind.values()) {
                if (!byPool.containsKey(kind)) {
                    continue;
                }
                LatencySummary l = latency.get(kind);
                boolean versus = kind == PoolKind.BALLAST;
                List<Double> perRound = byPool.get(kind).stream().map(ClosedLoop.Outcome::throughputPerSecond).toList();
                List<Object> cells = new ArrayList<>(List.of(point.poolSize(), point.clients(), kind.label(),
                        MarkdownTable.number(tps.get(kind.label()), 0)));
                if (severalRounds) {
                    cells.add(perRound.stream().map(t -> MarkdownTable.number(t, 0))
                            .collect(Collectors.joining(" / ")));
                }
                cells.addAll(List.of(
                        MarkdownTable.number(l.p50Micros() / 1_000, 2),
                        MarkdownTable.number(l.p99Micros() / 1_000, 2),
                        MarkdownTable.number(l.p999Micros() / 1_000, 2),
                        MarkdownTable.number(l.maxMicros() / 1_000, 2),
                        failures.get(kind).values().stream().mapToLong(Long::longValue).sum(),
                        MarkdownTable.number(cpu.get(kind), 1),
                        MarkdownTable.number(switchesPerTx.get(kind), 2),
                        versus ? Versus.of(tps, ballast, true).cell() : "",
                        versus ? Versus.of(p99, ballast, false).cell() : ""));
                table.row(cells.toArray());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("poolSize", point.poolSize());
                row.put("clients", point.clients());
                row.put("pool", kind.label());
                row.put("tps", tps.get(kind.label()));
                row.put("tpsPerRound", perRound);
                row.put("latencyMicros", l);
                row.put("failures", failures.get(kind));
                row.put("clientCpuMicrosPerTransaction", cpu.get(kind));
                row.put("clientContextSwitchesPerTransaction", switchesPerTx.get(kind));
                rows.add(row);
            }
        });
        json.put("title", title);
        json.put("results", rows);
        return "### " + title + "\n\n" + table
                + "\nLatency runs from getConnection() to close() of one whole transaction, waiting for a connection "
                + "included. Client CPU is the CPU time of the whole benchmark JVM (clients, pool threads, JIT, GC; the server's "
                + "processes excluded) during the measured window ÷ transactions; switches/tx likewise counts the context "
                + "switches of its threads (Linux /proc)." + (severalRounds ? " TPS is the mean of the rounds, listed in the "
                + "order run under \"TPS per round\"; latency is over all rounds together." : "") + " On Ballast's rows, its value ÷ the best other pool's at the same point (named): TPS "
                + "higher is better, p99 lower is better.\n";
    }
}
