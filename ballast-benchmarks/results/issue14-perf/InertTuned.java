package dev.ballast.benchmarks.scenario;

import dev.ballast.benchmarks.pool.ConnectionTarget;
import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolConfig;
import dev.ballast.testkit.PostgresServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * TPC-B at scale 10, 4 clients, Ballast's pool in the configurations named below (index: 0 fixed10, 1 min2,
 * 2 min2-tuned, 3 fixed4, 4 min4max10, 5 min2max4, 6 min2-tuned-lst: min2-tuned with a listener of tuning decisions,
 * as TpcbScenario's tuned pool has), rounds interleaved with the order reversed every other round.
 * Usage (compiled against benchmarks.jar, as in per-transaction.md): {@code java -Dpick=0,1,2,3 -Dsecs=6 -cp
 * benchmarks.jar:classes dev.ballast.benchmarks.scenario.InertTuned ROUNDS}; output in inert-tuned.txt (run 1 used
 * pick 0,1,2,3; the default is 0,1,3).
 */
public class InertTuned {
    public static void main(String[] a) throws Exception {
        int rounds = Integer.parseInt(a.length > 0 ? a[0] : "3");
        try (PostgresServer server = PostgresServer.builder().setting("synchronous_commit", "off").build()) {
            ConnectionTarget target = TpcbScenario.target(server);
            TpcbSchema schema = new TpcbSchema(10);
            try (Connection c = server.connect()) { schema.create(c); }
            String[] names = {"fixed10", "min2", "min2-tuned", "fixed4", "min4max10", "min2max4", "min2-tuned-lst"};
            int[] pick = java.util.Arrays.stream(System.getProperty("pick", "0,1,3").split(",")).mapToInt(Integer::parseInt).toArray();
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < pick.length; k++) {
                    int i = pick[r % 2 == 0 ? k : pick.length - 1 - k];
                    var b = PoolConfig.builder().poolName(names[i]).jdbcUrl(target.url()).driver(target.driver())
                            .driverProperties(target.properties()).connectionTimeout(Duration.ofSeconds(30))
                            .commandTimeout(Duration.ZERO).leakDetectionThreshold(Duration.ZERO)
                            .connectionLifetime(Duration.ofMinutes(30)).maxPoolSize(i == 3 || i == 5 ? 4 : 10)
                            .minPoolSize(i == 0 ? 10 : i == 3 || i == 4 ? 4 : 2).enablePoolAutoTuning(i == 2 || i == 6);
                    try (Connection c = server.connect()) { schema.reset(c); }
                    dev.ballast.event.BallastListener recorder = new dev.ballast.event.BallastListener() { // as TpcbScenario's tuned pool
                        @Override public void poolLimitTuned(dev.ballast.event.PoolTuning t) { }
                    };
                    try (BallastPool pool = i == 6 ? BallastPool.start(b.build(), recorder) : BallastPool.start(b.build())) {
                        java.util.Set<Long> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
                        ExecutorService ex = Executors.newFixedThreadPool(4);
                        ClosedLoop.Outcome o = ClosedLoop.run(ex, 4, Duration.ofSeconds(4), Duration.ofSeconds(Integer.getInteger("secs", 6)),
                                (w, loop, measured) -> {
                                    ids.add(Thread.currentThread().getId() % 10); long s = System.nanoTime();
                                    try (Connection c = pool.getConnection()) { schema.transaction(c); }
                                    loop.record(w, measured, System.nanoTime() - s);
                                });
                        ex.shutdownNow();
                        System.out.printf("%-11s %5.0f tps  cpu %6.1f us/tx  threads %s%n", names[i], o.throughputPerSecond(),
                                o.cpuMicrosPerOperation(), ids);
                    }
                }
            }
        }
    }
}
