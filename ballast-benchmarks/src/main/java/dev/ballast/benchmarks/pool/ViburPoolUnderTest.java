package dev.ballast.benchmarks.pool;

import java.time.Duration;
import javax.sql.DataSource;
import org.vibur.dbcp.ViburDBCPDataSource;

/**
 * Vibur DBCP configured to match the other pools: {@code poolInitialSize = poolMaxSize = size} (a fixed pool), its
 * waiting queue fair or not (the two {@link PoolKind}s), auto-commit on, a 30 s connection (borrow) timeout, no
 * statement cache (its default), no connection tracking, no JMX, and otherwise Vibur's own defaults (a connection idle
 * over 5 s is validated with {@code isValid}, the slow-call and slow-borrow logging thresholds of 3 s).
 */
final class ViburPoolUnderTest implements PoolUnderTest {

    private final ViburDBCPDataSource dataSource;
    private final PoolKind kind;

    private ViburPoolUnderTest(ViburDBCPDataSource dataSource, PoolKind kind) {
        this.dataSource = dataSource;
        this.kind = kind;
    }

    static PoolUnderTest open(ConnectionTarget target, int size, boolean fair) {
        ViburDBCPDataSource ds = new ViburDBCPDataSource();
        ds.setName("vibur-benchmark-" + (fair ? "fair" : "unfair"));
        ds.setExternalDataSource(target.dataSource());
        ds.setPoolInitialSize(size);
        ds.setPoolMaxSize(size);
        ds.setPoolFair(fair);
        ds.setConnectionTimeoutInMs(Duration.ofSeconds(30).toMillis());
        ds.setStatementCacheMaxSize(0);
        ds.setPoolEnableConnectionTracking(false);
        ds.setEnableJMX(false);
        ds.setDefaultAutoCommit(true);
        ds.start();
        ViburPoolUnderTest pool = new ViburPoolUnderTest(ds, fair ? PoolKind.VIBUR_FAIR : PoolKind.VIBUR_UNFAIR);
        pool.awaitFull(size, Duration.ofSeconds(30));
        return pool;
    }

    @Override
    public PoolKind kind() {
        return kind;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public int totalConnections() {
        return dataSource.getPool().createdTotal();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
