package dev.ballast.benchmarks.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * HikariCP configured to match the other pools: {@code maximumPoolSize = minimumIdle = size} (a fixed pool),
 * auto-commit on (its default), no leak detection, a 30 s connection timeout, no JMX registration, and otherwise
 * HikariCP's own defaults (validation by {@code Connection.isValid}, keepalive, max lifetime).
 */
final class HikariPoolUnderTest implements PoolUnderTest {

    private final HikariDataSource dataSource;

    private HikariPoolUnderTest(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    static PoolUnderTest open(ConnectionTarget target, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hikari-benchmark");
        config.setDataSource(target.dataSource());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setAutoCommit(true);
        config.setLeakDetectionThreshold(0);
        config.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
        config.setRegisterMbeans(false);
        HikariPoolUnderTest pool = new HikariPoolUnderTest(new HikariDataSource(config));
        pool.awaitFull(size, Duration.ofSeconds(30));
        return pool;
    }

    @Override
    public PoolKind kind() {
        return PoolKind.HIKARI;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public int totalConnections() {
        return dataSource.getHikariPoolMXBean().getTotalConnections();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
