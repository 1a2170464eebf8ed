package dev.ballast.benchmarks.scenario;

import dev.ballast.benchmarks.report.MarkdownTable;
import dev.ballast.benchmarks.report.Options;
import dev.ballast.benchmarks.report.ResultFiles;
import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolConfig;
import dev.ballast.pool.PoolStats;
import dev.ballast.testkit.PostgresServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issue 14's soak (not in CI): Ballast's pool under 2× oversubscription for a long time (30 minutes by default), with
 * short connection lifetimes (so connections expire and are replaced all along) and periodic
 * {@code pg_terminate_backend} of some of the pool's server connections, on an embedded PostgreSQL. Every few seconds
 * it records the live heap (after a full collection), the JVM's live threads, the pool's server connections (from
 * {@code pg_stat_activity}), throughput and failures; {@code soak.md/.json} hold them and the verdict, and
 * {@code report.Plots} draws {@code soak.svg}. Failures are expected only from terminated backends (SQLSTATE 57P01
 * and I/O errors on the connection that was cut).
 *
 * <p>Options, all {@code --name=value}: {@code minutes} (30), {@code pool-size} (20: MaxPoolSize),
 * {@code clients} (twice the pool size), {@code lifetime} (60 s: ConnectionLifetime), {@code terminate-every} (20 s),
 * {@code sample-every} (5 s), {@code out} (directory; none by default).
 */
public final class SoakScenario {

    private static final String APP = "ballast-soak";

    private SoakScenario() {
    }

    /**
     * @param args {@code --name=value} options, see the class documentation
     * @throws Exception if the server or the pool cannot be set up, or the run is interrupted
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("minutes", "30");
        defaults.put("pool-size", "20");
        defaults.put("clients", "0");
        defaults.put("lifetime", "60");
        defaults.put("terminate-every", "20");
        defaults.put("sample-every", "5");
        defaults.put("out", "");
        Options options = Options.parse(args, defaults);
        Duration length = Duration.ofSeconds(Math.round(Double.parseDouble(options.string("minutes")) * 60));
        int poolSize = options.positiveInt("pool-size");
        int clients = Integer.parseInt(options.string("clients")) > 0 ? options.positiveInt("clients") : 2 * poolSize;
        Duration lifetime = options.duration("lifetime");
        Duration terminateEvery = options.duration("terminate-every");
        Duration sampleEvery = options.duration("sample-every");

        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<Map<String, Object>> samples = new ArrayList<>();
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        LongAdder transactions = new LongAdder();
        AtomicInteger terminated = new AtomicInteger();
        int serverAfterClose;
        int threadsAfterClose;
        List<String> newThreads;
        try (PostgresServer server = PostgresServer.builder().setting("synchronous_commit", "off").build()) {
            TpcbSchema schema = new TpcbSchema(1);
            try (Connection c = server.connect()) {
                schema.create(c);
            }
            PoolConfig config = PoolConfig.builder().poolName(APP).applicationName(APP).jdbcUrl(server.jdbcUrl())
                    .username(server.username()).minPoolSize(2).maxPoolSize(poolSize).connectionLifetime(lifetime)
                    .connectionTimeout(Duration.ofSeconds(15)).build();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService workers = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            try (BallastPool pool = BallastPool.start(config)) {
                for (int i = 0; i < clients; i++) {
                    workers.execute(() -> {
                        while (running.get()) {
                            try (Connection c = pool.getConnection()) {
                                schema.transaction(c);
                                transactions.increment();
                            } catch (SQLException | RuntimeException e) {
                                String kind = e.getClass().getSimpleName()
                                        + (e instanceof SQLException s && s.getSQLState() != null
                                                ? " " + s.getSQLState() : "");
                                failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
                            }
                        }
                    });
                }
                long end = start + length.toNanos();
                long nextTermination = start + terminateEvery.toNanos();
                long lastTransactions = 0;
                long lastFailures = 0;
                long lastSample = start;
                System.out.printf("soak: %s, pool %d, %d clients, lifetime %s, terminations every %s%n",
                        Options.format(length), poolSize, clients, Options.format(lifetime),
                        Options.format(terminateEvery));
                while (System.nanoTime() - end < 0) {
                    Thread.sleep(sampleEvery.toMillis());
                    long now = System.nanoTime();
                    if (now - nextTermination >= 0) {
                        terminated.addAndGet(terminateSome(server));
                        nextTermination += terminateEvery.toNanos();
                    }
                    long tx = transactions.sum();
                    long failed = failures.values().stream().mapToLong(LongAdder::sum).sum();
                    PoolStats stats = pool.stats();
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("seconds", (now - start) / 1e9);
                    sample.put("heapUsedMb", liveHeapMb());
                    sample.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
                    sample.put("serverConnections", serverConnections(server));
                    sample.put("poolTotal", stats.total());
                    sample.put("pending", stats.pending());
                    sample.put("tps", (tx - lastTransactions) * 1e9 / (now - lastSample));
                    sample.put("failures", failed - lastFailures);
                    samples.add(sample);
                    System.out.println("  " + sample);
                    lastTransactions = tx;
                    lastFailures = failed;
                    lastSample = now;
                }
                running.set(false);
                workers.shutdown();
                if (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("soak clients still running a minute after the end");
                }
            }
            serverAfterClose = serverConnections(server);
            threadsAfterClose = ManagementFactory.getThreadMXBean().getThreadCount();
            // named, so that a thread left behind is recognisable as Ballast's or not (the JDK's process reaper,
            // pgjdbc's cleaner and the embedded server's are not the pool's)
            newThreads = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .map(Thread::getName).sorted().toList();
        }
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((k, v) -> failed.put(k, v.sum()));
        Map<String, Object> json = new LinkedHashMap<>();
        String markdown = report(length, poolSize, clients, lifetime, terminateEvery, samples, failed,
                transactions.sum(), terminated.get(), threadsBefore, threadsAfterClose, newThreads, serverAfterClose, json);
        System.out.println(markdown);
        String out = options.string("out");
        if (!out.isEmpty()) {
            ResultFiles.write(Path.of(out), "soak", markdown, json);
        }
    }

    /** Terminates about a quarter of the pool's server connections (at least one); @return how many. */
    private static int terminateSome(PostgresServer server) throws SQLException {
        try (Connection c = server.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM (SELECT pid FROM pg_stat_activity "
                        + "WHERE application_name = ? ORDER BY random() LIMIT greatest(1, (SELECT count(*) / 4 FROM "
                        + "pg_stat_activity WHERE application_name = ?))) victims")) {
            ps.setString(1, APP);
            ps.setString(2, APP);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int serverConnections(PostgresServer server) throws SQLException {
        try (Connection c = server.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, APP);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * @return the live heap in MB: heap in use right after a full collection requested here (a collection per
     *     sample, a few milliseconds on this small heap, so that a leak shows as a rising line rather than hiding in
     *     the collector's sawtooth)
     */
    private static double liveHeapMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    static String report(Duration length, int poolSize, int clients, Duration lifetime, Duration terminateEvery,
            List<Map<String, Object>> samples, Map<String, Long> failures, long transactions, int terminated,
            int threadsBefore, int threadsAfterClose, List<String> newThreads, int serverAfterClose,
            Map<String, Object> json) {
        int n = samples.size();
        List<Map<String, Object>> early = samples.subList(Math.min(n, n / 5), Math.min(n, Math.max(n / 5 + 1, 2 * n / 5)));
        List<Map<String, Object>> late = samples.subList(Math.max(0, n - Math.max(1, n / 5)), n);
        MarkdownTable table = new MarkdownTable("measure", "min", "max", "mean, 20–40 % of the run",
                "mean, last 20 %", "change");
        for (String key : List.of("heapUsedMb", "threads", "serverConnections", "poolTotal", "tps")) {
            double min = samples.stream().mapToDouble(s -> ((Number) s.get(key)).doubleValue()).min().orElse(0);
            double max = samples.stream().mapToDouble(s -> ((Number) s.get(key)).doubleValue()).max().orElse(0);
            double a = early.stream().mapToDouble(s -> ((Number) s.get(key)).doubleValue()).average().orElse(0);
            double b = late.stream().mapToDouble(s -> ((Number) s.get(key)).doubleValue()).average().orElse(0);
            table.row(key, MarkdownTable.number(min, 1), MarkdownTable.number(max, 1), MarkdownTable.number(a, 1),
                    MarkdownTable.number(b, 1), a == 0 ? "n/a" : String.format(Locale.ROOT, "%+.1f %%", (b - a) / a * 100));
        }
        int maxServer = samples.stream().mapToInt(s -> ((Number) s.get("serverConnections")).intValue()).max()
                .orElse(0);
        String summary = String.format(Locale.ROOT, "%s, pool %d, %d clients, lifetime %s, %d backends terminated",
                Options.format(length), poolSize, clients, Options.format(lifetime), terminated);
        json.put("summary", summary);
        json.put("transactions", transactions);
        json.put("failures", failures);
        json.put("backendsTerminated", terminated);
        json.put("threadsBefore", threadsBefore);
        json.put("threadsAfterClose", threadsAfterClose);
        json.put("threadsNewAfterClose", newThreads);
        json.put("serverConnectionsAfterClose", serverAfterClose);
        json.put("maxServerConnections", maxServer);
        json.put("samples", samples);
        return "### Soak: " + summary + " (JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs)\n\n" + table
                + "\nTransactions: " + transactions + "; failures by kind: " + failures
                + " (expected only from the terminated backends: 57P01 and I/O errors on a cut connection).\n"
                + "Server connections never above MaxPoolSize: " + (maxServer <= poolSize ? "yes" : "NO")
                + " (max " + maxServer + "). After close(): " + serverAfterClose + " server connections, threads "
                + threadsAfterClose + " (before start: " + threadsBefore + "; there now and not before, the embedded "
                + "server still running: " + newThreads + ").\n"
                + "Terminations every " + Options.format(terminateEvery) + "; the heap is measured right after a full "
                + "collection requested at each sample (the live set).\n![soak](soak.svg)\n";
    }
}
