package dev.ballast.benchmarks.pool;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Agroal 2.x configured to match the other pools: {@code initialSize = minSize = maxSize = size} (a fixed pool),
 * auto-commit on, a 30 s acquisition timeout, a 30 min max lifetime, no leak timeout, no metrics, no transaction
 * integration, and otherwise Agroal's own defaults (no validation on borrow, its thread-local connection cache).
 * Connections come through {@link DriverBridge}, because Agroal instantiates its driver class itself.
 */
final class AgroalPoolUnderTest implements PoolUnderTest {

    private final AgroalDataSource dataSource;
    private final DriverBridge.Registration registration;

    private AgroalPoolUnderTest(AgroalDataSource dataSource, DriverBridge.Registration registration) {
        this.dataSource = dataSource;
        this.registration = registration;
    }

    static PoolUnderTest open(ConnectionTarget target, int size) {
        DriverBridge.Registration registration = DriverBridge.register(target);
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .metricsEnabled(false)
                .connectionPoolConfiguration(pool -> pool
                        .initialSize(size)
                        .minSize(size)
                        .maxSize(size)
                        .acquisitionTimeout(Duration.ofSeconds(30))
                        .maxLifetime(Duration.ofMinutes(30))
                        .connectionFactoryConfiguration(factory -> factory
                                .jdbcUrl(registration.url())
                                .connectionProviderClass(DriverBridge.class)
                                .autoCommit(true)));
        try {
            AgroalPoolUnderTest pool = new AgroalPoolUnderTest(AgroalDataSource.from(config), registration);
            pool.awaitFull(size, Duration.ofSeconds(30));
            return pool;
        } catch (SQLException e) {
            registration.close();
            throw new IllegalStateException("Agroal did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public PoolKind kind() {
        return PoolKind.AGROAL;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return connections opened so far (a fixed pool at rest holds all of them) */
    @Override
    public int totalConnections() {
        return registration.opened();
    }

    @Override
    public void close() {
        try {
            dataSource.close();
        } finally {
            registration.close();
        }
    }
}
