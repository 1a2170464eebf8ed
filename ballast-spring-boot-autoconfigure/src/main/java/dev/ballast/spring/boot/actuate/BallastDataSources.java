package dev.ballast.spring.boot.actuate;

import dev.ballast.pool.BallastPool;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Recognises Ballast's pool behind a {@link DataSource} bean, also through JDBC wrappers and proxies. */
final class BallastDataSources {

    private BallastDataSources() {}

    /**
     * @param dataSource a data source bean
     * @return the Ballast pool it is or wraps, or null if it is not Ballast's
     */
    static BallastPool poolOf(DataSource dataSource) {
        if (dataSource instanceof BallastPool) {
            return (BallastPool) dataSource;
        }
        try {
            return dataSource.isWrapperFor(BallastPool.class) ? dataSource.unwrap(BallastPool.class) : null;
        } catch (SQLException | RuntimeException e) {
            return null; // a data source that cannot answer is not Ballast's
        }
    }
}
