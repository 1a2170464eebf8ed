package dev.ballast.internal.topology;

import java.io.PrintWriter;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The parts of {@link DataSource} that a multi-host data source answers the same way whatever it routes to: no log
 * writer, no login timeout of its own (each host's pool has its connect timeout), the pool's logger, and a wrapper
 * test against itself. Each host's own pool keeps the driver-facing settings.
 */
interface RoutingDataSourceDefaults extends DataSource {

    @Override
    default PrintWriter getLogWriter() {
        return null;
    }

    @Override
    default void setLogWriter(PrintWriter out) {}

    @Override
    default void setLoginTimeout(int seconds) {}

    @Override
    default int getLoginTimeout() {
        return 0;
    }

    @Override
    default Logger getParentLogger() {
        return Logger.getLogger("dev.ballast.pool");
    }

    @Override
    default boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
