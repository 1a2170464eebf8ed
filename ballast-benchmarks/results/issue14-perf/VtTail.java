package dev.ballast.benchmarks.scenario;

import dev.ballast.benchmarks.pool.ConnectionTarget;
import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/** Experiment: Ballast's wait distribution with 1,000 virtual threads at several fairness thresholds. */
public final class VtTail {
    public static void main(String[] args) throws Exception {
        long[] thresholdsMicros = Arrays.stream(args[0].split(",")).mapToLong(Long::parseLong).toArray();
        int threads = 1000;
        int size = 10;
        long hold = 100_000;
        for (long t : thresholdsMicros) {
            ConnectionTarget target = ConnectionTarget.noop();
            try (BallastPool pool = BallastPool.start(PoolConfig.builder().poolName("vt")
                    .jdbcUrl(target.url()).driver(target.driver()).driverProperties(target.properties())
                    .minPoolSize(size).maxPoolSize(size).connectionTimeout(Duration.ofSeconds(30))
                    .commandTimeout(Duration.ZERO).leakDetectionThreshold(Duration.ZERO)
                    .connectionLifetime(Duration.ofMinutes(30))
                    .fairnessThreshold(Duration.ofNanos(t * 1000)).build())) {
                Thread.sleep(500);
                ClosedLoop.Outcome o = ClosedLoop.run(VirtualThreads.newPerTaskExecutor(), threads,
                        Duration.ofSeconds(3), Duration.ofSeconds(10), (worker, loop, measured) -> {
                            long start = System.nanoTime();
                            Connection c;
                            try {
                                c = pool.getConnection();
                            } catch (SQLException e) {
                                loop.failure(worker, measured, e, System.nanoTime() - start);
                                return;
                            }
                            long waited = System.nanoTime() - start;
                            try {
                                LockSupport.parkNanos(hold);
                            } finally {
                                c.close();
                            }
                            loop.record(worker, measured, waited);
                        });
                long[] per = o.perWorker().clone();
                Arrays.sort(per);
                System.out.printf("threshold %d us: %.0f/s p50 %.1f p99 %.1f p99.9 %.1f max %.1f ms; per thread %d/%d/%d; cs/op %.2f%n",
                        t, o.operations() * 1e9 / o.windowNanos(),
                        o.latencies().getValueAtPercentile(50) / 1e6, o.latencies().getValueAtPercentile(99) / 1e6,
                        o.latencies().getValueAtPercentile(99.9) / 1e6, o.latencies().getMaxValue() / 1e6,
                        per[0], per[per.length / 2], per[per.length - 1], o.contextSwitchesPerOperation());
            }
        }
    }
}
