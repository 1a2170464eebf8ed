package dev.ballast.benchmarks.pool;

import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolConfig;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Ballast's pool configured to match the other pools: {@code minPoolSize = maxPoolSize = size} (a fixed pool), the
 * target's driver, URL and properties (which override the pgjdbc properties Ballast would derive), a 30 s
 * connection timeout, no command (statement) timeout, no leak detection, a 30 min connection lifetime (HikariCP's
 * {@code maxLifetime} default), and otherwise Ballast's own defaults (validation of connections idle over 500 ms,
 * 120 s keepalive, state reset on return).
 */
final class BallastPoolUnderTest implements PoolUnderTest {

    private final BallastPool pool;

    private BallastPoolUnderTest(BallastPool pool) {
        this.pool = pool;
    }

    static PoolUnderTest open(ConnectionTarget target, int size) {
        PoolConfig config = PoolConfig.builder()
                .poolName("ballast-benchmark")
                .jdbcUrl(target.url())
                .driver(target.driver())
                .driverProperties(target.properties())
                .minPoolSize(size)
                .maxPoolSize(size)
                .connectionTimeout(Duration.ofSeconds(30))
                .commandTimeout(Duration.ZERO)
                .leakDetectionThreshold(Duration.ZERO)
                .connectionLifetime(Duration.ofMinutes(30))
                .build();
        BallastPoolUnderTest underTest = new BallastPoolUnderTest(BallastPool.start(config));
        underTest.awaitFull(size, Duration.ofSeconds(30));
        return underTest;
    }

    @Override
    public PoolKind kind() {
        return PoolKind.BALLAST;
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public int totalConnections() {
        return pool.stats().total();
    }

    @Override
    public void close() {
        pool.close();
    }
}
