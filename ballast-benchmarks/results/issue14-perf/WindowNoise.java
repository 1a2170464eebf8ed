package dev.ballast.benchmarks.scenario;

import dev.ballast.benchmarks.pool.ConnectionTarget;
import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolConfig;
import dev.ballast.testkit.PostgresServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issue 14: what one tuning window measures on this machine. TPC-B at scale 10 with a given number of clients on
 * fixed-size Ballast pools (min = max = each size named), each size held for SECS seconds (the first 2 discarded),
 * the sizes visited in order and then in reverse, PASSES times; prints every 200 ms window's transactions per second
 * as "size pass window tps". The tuner's own windows are 200 ms, so this is the noise it decides through.
 * Usage (compiled against benchmarks.jar, as in per-transaction.md): {@code java -cp benchmarks.jar:classes
 * dev.ballast.benchmarks.scenario.WindowNoise CLIENTS SIZES SECS PASSES}, e.g. {@code 16 2,3,4,5,6,7,8,10 12 2};
 * output in window-noise-*.txt.
 */
public class WindowNoise {
    public static void main(String[] a) throws Exception {
        int clients = Integer.parseInt(a[0]);
        int[] sizes = java.util.Arrays.stream(a[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int secs = Integer.parseInt(a[2]);
        int passes = Integer.parseInt(a[3]);
        try (PostgresServer server = PostgresServer.builder().setting("synchronous_commit", "off").build()) {
            ConnectionTarget target = TpcbScenario.target(server);
            TpcbSchema schema = new TpcbSchema(10);
            try (Connection c = server.connect()) { schema.create(c); }
            for (int pass = 0; pass < passes; pass++) {
                for (int k = 0; k < sizes.length; k++) {
                    int size = sizes[pass % 2 == 0 ? k : sizes.length - 1 - k];
                    try (Connection c = server.connect()) { schema.reset(c); }
                    var config = PoolConfig.builder().poolName("fixed" + size).jdbcUrl(target.url())
                            .driver(target.driver()).driverProperties(target.properties())
                            .connectionTimeout(Duration.ofSeconds(30)).commandTimeout(Duration.ZERO)
                            .leakDetectionThreshold(Duration.ZERO).connectionLifetime(Duration.ofMinutes(30))
                            .maxPoolSize(size).minPoolSize(size).build();
                    try (BallastPool pool = BallastPool.start(config)) {
                        LongAdder done = new LongAdder();
                        AtomicBoolean stop = new AtomicBoolean();
                        List<Thread> threads = new ArrayList<>();
                        for (int i = 0; i < clients; i++) {
                            Thread t = new Thread(() -> {
                                while (!stop.get()) {
                                    try (Connection c = pool.getConnection()) {
                                        schema.transaction(c);
                                        done.increment();
                                    } catch (Exception e) {
                                        throw new RuntimeException(e);
                                    }
                                }
                            });
                            t.start();
                            threads.add(t);
                        }
                        long windows = secs * 5L;
                        long start = System.nanoTime();
                        long previous = done.sum();
                        long previousAt = start;
                        for (int w = 1; w <= windows; w++) {
                            long due = start + w * 200_000_000L;
                            long left;
                            while ((left = due - System.nanoTime()) > 0) {
                                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                            }
                            long now = System.nanoTime();
                            long count = done.sum();
                            if (w > 10) {
                                System.out.printf("%d %d %d %.1f%n", size, pass, w, (count - previous) * 1e9 / (now - previousAt));
                            }
                            previous = count;
                            previousAt = now;
                        }
                        stop.set(true);
                        for (Thread t : threads) {
                            t.join();
                        }
                    }
                }
            }
        }
    }
}
