package dev.ballast.spring.boot.actuate;

import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code jdbc.connections.usage} (used / MaxPoolSize, 0 to 1) for each data source bean that is Ballast's, tagged
 * {@code name} as Spring Boot tags its other {@code jdbc.connections.*} meters. Spring Boot 4 publishes
 * {@code active}, {@code idle}, {@code max} and {@code min} from the pool metadata but not the usage it describes;
 * should a later version publish it, Micrometer keeps the first registration of the same name and tags, so it is
 * never counted twice.
 */
final class JdbcConnectionsUsage implements MeterBinder {

    private static final String SUFFIX = "datasource";
    private final Map<String, BallastPool> pools = new LinkedHashMap<>();

    /** @param dataSources every data source bean, by bean name; those that are not Ballast's are ignored */
    JdbcConnectionsUsage(Map<String, DataSource> dataSources) {
        dataSources.forEach((bean, ds) -> {
            BallastPool pool = BallastDataSources.poolOf(ds);
            if (pool != null) {
                pools.put(nameTag(bean), pool);
            }
        });
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        pools.forEach((name, pool) -> Gauge.builder("jdbc.connections.usage", pool, JdbcConnectionsUsage::usage)
                .tag("name", name).description("Usage of the connection pool (used / maximum)").register(registry));
    }

    private static double usage(BallastPool pool) {
        PoolStats s = pool.stats();
        return s.max() <= 0 ? 0 : (double) s.used() / s.max();
    }

    /** The same {@code name} tag Spring Boot gives a data source bean: its name without a "dataSource" suffix. */
    static String nameTag(String beanName) {
        return beanName.length() > SUFFIX.length() && beanName.toLowerCase(Locale.ROOT).endsWith(SUFFIX)
                ? beanName.substring(0, beanName.length() - SUFFIX.length()) : beanName;
    }
}
