package dev.ballast.benchmarks.scenario;

import dev.ballast.benchmarks.pool.ConnectionTarget;
import dev.ballast.event.BallastListener;
import dev.ballast.event.PoolTuning;
import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolConfig;
import dev.ballast.testkit.PostgresServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 14: every decision of the tuned pool (MinPoolSize 2, MaxPoolSize 10) under TPC-B at 16 clients, with the
 * connections the pool held when it was made: does the pool hold the limit's connections in the windows measured
 * for that limit? With {@code -Dwarm=N} an untuned pool runs N seconds first, so that the JIT is warm and only the pool
 * is new, as in TpcbScenario's runs. Usage (compiled against benchmarks.jar like SmallPool): {@code java -Dclients=16 -Dsecs=20 [-Dwarm=5] -cp benchmarks.jar:classes
 * dev.ballast.benchmarks.scenario.TunerTrace}; output in tuner-trace.txt.
 */
public class TunerTrace {
    public static void main(String[] a) throws Exception {
        int clients = Integer.getInteger("clients", 16);
        try (PostgresServer server = PostgresServer.builder().setting("synchronous_commit", "off").build()) {
            ConnectionTarget target = TpcbScenario.target(server);
            TpcbSchema schema = new TpcbSchema(10);
            try (Connection c = server.connect()) {
                schema.create(c);
            }
            PoolConfig config = PoolConfig.builder().poolName("tuned").jdbcUrl(target.url()).driver(target.driver())
                    .driverProperties(target.properties()).connectionTimeout(Duration.ofSeconds(30))
                    .commandTimeout(Duration.ZERO).leakDetectionThreshold(Duration.ZERO)
                    .connectionLifetime(Duration.ofMinutes(30)).maxPoolSize(10).minPoolSize(2)
                    .enablePoolAutoTuning(true).build();
            int warm = Integer.getInteger("warm", 0); // seconds of an untuned pool first (JIT warm, as in TpcbScenario)
            if (warm > 0) {
                try (BallastPool pool = BallastPool.start(config.toBuilder().enablePoolAutoTuning(false).build())) {
                    ExecutorService ex = Executors.newFixedThreadPool(clients);
                    ClosedLoop.run(ex, clients, Duration.ZERO, Duration.ofSeconds(warm), (w, loop, measured) -> {
                        try (Connection c = pool.getConnection()) {
                            schema.transaction(c);
                        }
                    });
                    ex.shutdownNow();
                }
            }
            AtomicReference<BallastPool> ref = new AtomicReference<>();
            long start = System.nanoTime();
            BallastListener trace = new BallastListener() {
                @Override
                public void poolLimitTuned(PoolTuning t) {
                    BallastPool pool = ref.get();
                    System.out.printf("%6.2f s  limit %2d <- %2d  open %2d  %-18s %6.0f/s  %5.2f ms%n",
                            (System.nanoTime() - start) / 1e9, t.limit(), t.previousLimit(),
                            pool == null ? -1 : pool.stats().total(), t.reason(), t.throughputPerSecond(), t.serviceMillis());
                }
            };
            try (BallastPool pool = BallastPool.start(config, trace)) {
                ref.set(pool);
                ExecutorService ex = Executors.newFixedThreadPool(clients);
                ClosedLoop.Outcome o = ClosedLoop.run(ex, clients, Duration.ofSeconds(1),
                        Duration.ofSeconds(Integer.getInteger("secs", 20)), (w, loop, measured) -> {
                            long s = System.nanoTime();
                            try (Connection c = pool.getConnection()) {
                                schema.transaction(c);
                            }
                            loop.record(w, measured, System.nanoTime() - s);
                        });
                ex.shutdownNow();
                System.out.printf("%.0f tps%n", o.throughputPerSecond());
            }
        }
    }
}
