package dev.ballast.benchmarks.pool;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Apache Commons DBCP2 configured to match the other pools: {@code initialSize = minIdle = maxIdle = maxTotal = size}
 * (a fixed pool), the target's driver instance, URL and properties, auto-commit on, a 30 s max wait, no prepared
 * statement pooling (its default), no JMX, and <em>no validation on borrow</em> (DBCP2's default
 * {@code testOnBorrow=true} would add an {@code isValid} round trip to every borrow, which none of the other pools does
 * on a busy connection); otherwise DBCP2's defaults (rollback and auto-commit restored on return, state cached).
 */
final class Dbcp2PoolUnderTest implements PoolUnderTest {

    private final BasicDataSource dataSource;

    private Dbcp2PoolUnderTest(BasicDataSource dataSource) {
        this.dataSource = dataSource;
    }

    static PoolUnderTest open(ConnectionTarget target, int size) {
        BasicDataSource ds = new BasicDataSource();
        ds.setDriver(target.driver());
        ds.setUrl(target.url());
        for (Map.Entry<Object, Object> p : target.properties().entrySet()) {
            ds.addConnectionProperty(String.valueOf(p.getKey()), String.valueOf(p.getValue()));
        }
        ds.setInitialSize(size);
        ds.setMinIdle(size);
        ds.setMaxIdle(size);
        ds.setMaxTotal(size);
        ds.setMaxWait(Duration.ofSeconds(30));
        ds.setDefaultAutoCommit(true);
        ds.setTestOnBorrow(false);
        ds.setPoolPreparedStatements(false);
        try {
            ds.start();
        } catch (SQLException e) {
            throw new IllegalStateException("DBCP2 did not start: " + e.getMessage(), e);
        }
        Dbcp2PoolUnderTest pool = new Dbcp2PoolUnderTest(ds);
        pool.awaitFull(size, Duration.ofSeconds(30));
        return pool;
    }

    @Override
    public PoolKind kind() {
        return PoolKind.DBCP2;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public int totalConnections() {
        return dataSource.getNumActive() + dataSource.getNumIdle();
    }

    @Override
    public void close() {
        try {
            dataSource.close();
        } catch (SQLException e) {
            throw new IllegalStateException("DBCP2 did not close cleanly: " + e.getMessage(), e);
        }
    }
}
