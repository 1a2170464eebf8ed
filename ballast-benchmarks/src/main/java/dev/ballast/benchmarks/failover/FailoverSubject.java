package dev.ballast.benchmarks.failover;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.testkit.ReplicaSet;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The pools the failover scenario compares, each given the same replica set, pool size and borrow timeout, and
 * otherwise its own defaults. Clients write through {@link Open#dataSource()}.
 */
enum FailoverSubject {

    /**
     * HikariCP over pgjdbc's multi-host URL with {@code targetServerType=primary}: pgjdbc picks the primary when a
     * connection opens (its host-status cache, {@code hostRecheckSeconds}, keeps its default of 10 s); HikariCP
     * evicts connections that report a broken link and opens new ones.
     */
    HIKARI {
        @Override
        Open open(ReplicaSet set, int size, Duration borrowTimeout) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("hikari-failover");
            config.setJdbcUrl(set.jdbcUrl() + "?targetServerType=primary");
            config.setUsername("postgres");
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(size);
            config.setConnectionTimeout(borrowTimeout.toMillis());
            config.setRegisterMbeans(false);
            HikariDataSource ds = new HikariDataSource(config);
            return new Open(ds, ds::close);
        }
    },

    /**
     * Ballast given the same multi-host URL: it finds each host's role itself, sends writes to the primary and
     * follows a promotion (DESIGN section 10).
     */
    BALLAST {
        @Override
        Open open(ReplicaSet set, int size, Duration borrowTimeout) {
            DatabaseOptions options = DatabaseOptions.builder()
                    .url(set.jdbcUrl())
                    .username("postgres")
                    .poolName("ballast-failover")
                    .minPoolSize(size)
                    .maxPoolSize(size)
                    .connectionTimeout(borrowTimeout)
                    .build();
            Ballast db = Ballast.start(options);
            return new Open(db.dataSource(), db::close);
        }
    };

    /**
     * @param set the replica set, primary first in its URL
     * @param size the pool's minimum and maximum size
     * @param borrowTimeout how long {@code getConnection()} may wait
     * @return the open pool
     */
    abstract Open open(ReplicaSet set, int size, Duration borrowTimeout);

    /** @return the lower-case name used in options and tables */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param label {@code ballast} or {@code hikari}, any case
     * @return the subject
     * @throws IllegalArgumentException if there is no such subject
     */
    static FailoverSubject of(String label) {
        for (FailoverSubject s : values()) {
            if (s.label().equalsIgnoreCase(label.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("pool must be one of ballast, hikari, but was '" + label + "'");
    }

    /** An open pool: where clients borrow, and how to close it. */
    record Open(DataSource dataSource, Runnable closer) implements AutoCloseable {
        @Override
        public void close() {
            closer.run();
        }
    }
}
