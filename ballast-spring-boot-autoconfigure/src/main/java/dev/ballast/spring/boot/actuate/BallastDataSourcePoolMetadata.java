package dev.ballast.spring.boot.actuate;

import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolStats;
import org.springframework.boot.jdbc.metadata.AbstractDataSourcePoolMetadata;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;

/**
 * Spring Boot's {@link DataSourcePoolMetadata} of a Ballast pool: what Actuator publishes as
 * {@code jdbc.connections.active}, {@code .idle}, {@code .max}, {@code .min} and {@code .usage}. Each read takes a
 * fresh {@link PoolStats} snapshot (no query, no lock on the pool's hot path). Thread-safe.
 */
public final class BallastDataSourcePoolMetadata extends AbstractDataSourcePoolMetadata<BallastPool> {

    /**
     * @param pool the pool to describe
     */
    public BallastDataSourcePoolMetadata(BallastPool pool) {
        super(pool);
    }

    /** @return connections borrowed (or held by the pool while validated or handed over) */
    @Override
    public Integer getActive() {
        return getDataSource().stats().used();
    }

    /** @return connections open and waiting to be borrowed */
    @Override
    public Integer getIdle() {
        return getDataSource().stats().idle();
    }

    /** @return MaxPoolSize */
    @Override
    public Integer getMax() {
        return getDataSource().stats().max();
    }

    /** @return MinPoolSize */
    @Override
    public Integer getMin() {
        return getDataSource().stats().min();
    }

    /** @return null: Ballast validates with the JDBC {@code isValid} check, not a query */
    @Override
    public String getValidationQuery() {
        return null;
    }

    /** @return true: Ballast hands out connections in auto-commit mode */
    @Override
    public Boolean getDefaultAutoCommit() {
        return Boolean.TRUE;
    }
}
