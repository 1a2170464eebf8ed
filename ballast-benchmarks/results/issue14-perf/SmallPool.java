package dev.ballast.benchmarks.scenario;

import dev.ballast.benchmarks.pool.ConnectionTarget;
import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolConfig;
import dev.ballast.testkit.PostgresServer;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Issue 14: a small fixed Ballast pool under many clients (TPC-B), one configuration per fairness threshold, in the
 * same rounds (order reversed every other round). Prints TPS, p99 and max latency (borrow to return, waiting included) and the benchmark JVM's CPU per
 * transaction. Usage
 * (compiled against benchmarks.jar: {@code javac -cp benchmarks.jar -d classes SmallPool.java}): {@code java -Dsize=3 -Dclients=16 -Dfair=0,1000,100000 -Dsecs=6
 * -cp benchmarks.jar:classes dev.ballast.benchmarks.scenario.SmallPool ROUNDS}; fairness thresholds in µs.
 */
public class SmallPool {
    public static void main(String[] a) throws Exception {
        int rounds = Integer.parseInt(a.length > 0 ? a[0] : "3");
        int clients = Integer.getInteger("clients", 16);
        int size = Integer.getInteger("size", 3);
        String[] fair = System.getProperty("fair", "0,1000,100000").split(",");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] sum = new double[fair.length];
        try (PostgresServer server = PostgresServer.builder().setting("synchronous_commit", "off").build()) {
            ConnectionTarget target = TpcbScenario.target(server);
            TpcbSchema schema = new TpcbSchema(10);
            try (Connection c = server.connect()) {
                schema.create(c);
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < fair.length; k++) {
                    int index = r % 2 == 0 ? k : fair.length - 1 - k;
                    long micros = Long.parseLong(fair[index]);
                    PoolConfig config = PoolConfig.builder().poolName("fair" + micros)
                            .jdbcUrl(target.url()).driver(target.driver()).driverProperties(target.properties())
                            .connectionTimeout(Duration.ofSeconds(30)).commandTimeout(Duration.ZERO)
                            .leakDetectionThreshold(Duration.ZERO).connectionLifetime(Duration.ofMinutes(30))
                            .maxPoolSize(size).minPoolSize(size).fairnessThreshold(Duration.ofNanos(micros * 1000))
                            .build();
                    try (Connection c = server.connect()) {
                        schema.reset(c);
                    }
                    try (BallastPool pool = BallastPool.start(config)) {
                        ExecutorService ex = Executors.newFixedThreadPool(clients);
                        ClosedLoop.Outcome o = ClosedLoop.run(ex, clients, Duration.ofSeconds(3),
                                Duration.ofSeconds(Integer.getInteger("secs", 6)), (w, loop, measured) -> {
                                    long s = System.nanoTime();
                                    try (Connection c = pool.getConnection()) {
                                        schema.transaction(c);
                                    }
                                    loop.record(w, measured, System.nanoTime() - s);
                                });
                        ex.shutdownNow();
                        sum[index] += o.throughputPerSecond();
                        System.out.printf("round %d fairness %6d µs  %5.0f tps  p99 %6.2f ms  max %7.2f ms  CPU %5.1f µs/tx%n",
                                r + 1, micros, o.throughputPerSecond(), o.latencies().getValueAtPercentile(99) / 1e6,
                                o.latencies().getMaxValue() / 1e6, o.cpuMicrosPerOperation());
                    }
                }
            }
        }
        for (int i = 0; i < fair.length; i++) {
            System.out.printf("fairness %6s µs  mean %5.0f tps%n", fair[i], sum[i] / rounds);
        }
    }
}
