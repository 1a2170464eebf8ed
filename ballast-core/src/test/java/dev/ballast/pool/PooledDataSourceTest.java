package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static dev.ballast.pool.PgPools.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.testing.Await;
import dev.ballast.testing.RecordingListener;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/** The pool as a drop-in {@code DataSource} over pgjdbc: driver properties, wrappers, statement timeouts. */
@WithPostgres
class PooledDataSourceTest {

    @Test
    void configBecomesDriverProperties(PostgresServer pg) throws SQLException {
        try (BallastPool pool = BallastPool.start(config(pg, "props").applicationName("billing-api")
                .autoPrepareMinUsages(3).maxAutoPrepare(7).connectionTimeout(Duration.ofMillis(2500)).build());
                Connection c = pool.getConnection()) {
            assertThat(one(c, "SELECT current_setting('application_name')")).isEqualTo("billing-api");
            PGConnection pgc = c.unwrap(PGConnection.class);
            assertThat(pgc.getPrepareThreshold()).isEqualTo(3);
            assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
            assertThat(pool.getLoginTimeout()).isEqualTo(3); // 2.5 s, rounded up
        }
    }

    @Test
    void urlParametersWinOverDerivedProperties(PostgresServer pg) throws SQLException {
        String url = pg.jdbcUrl() + "?socketTimeout=7&sslmode=disable&ApplicationName=from-url";
        try (BallastPool pool = BallastPool.start(config(pg, "url").jdbcUrl(url).build());
                Connection c = pool.getConnection()) {
            assertThat(c.getNetworkTimeout()).isEqualTo(7000);
            assertThat(one(c, "SELECT current_setting('application_name')")).isEqualTo("from-url");
            assertThat(one(c, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("false");
        }
    }

    @Test
    void behavesAsAPlainDataSource(PostgresServer pg) throws SQLException {
        try (BallastPool pool = BallastPool.start(config(pg, "plain").build())) {
            DataSource ds = pool;
            assertThatThrownBy(() -> ds.getConnection("postgres", "")).isInstanceOf(
                    SQLFeatureNotSupportedException.class).hasMessageContaining("one pool per user");
            assertThat(ds.isWrapperFor(BallastPool.class)).isTrue();
            assertThat(ds.unwrap(BallastPool.class)).isSameAs(pool);
            assertThatThrownBy(() -> ds.unwrap(String.class)).isInstanceOf(SQLException.class);
            PrintWriter log = new PrintWriter(new StringWriter());
            ds.setLogWriter(log);
            assertThat(ds.getLogWriter()).isSameAs(log);
            ds.setLoginTimeout(4);
            assertThat(ds.getLoginTimeout()).isEqualTo(4);
            assertThat(ds.getParentLogger()).isNotNull();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    PreparedStatement ps = c.prepareStatement("SELECT ?::int");
                    ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(s.getConnection()).isSameAs(c);
                assertThat(ps.getConnection()).isSameAs(c);
                assertThat(rs.getStatement()).isSameAs(s);
                assertThat(c.prepareCall("SELECT 1").getConnection()).isSameAs(c);
                DatabaseMetaData md = c.getMetaData();
                assertThat(md.getConnection()).isSameAs(c);
                try (ResultSet tables = md.getTables(null, "pg_catalog", "pg_class", null)) {
                    assertThat(tables.next()).isTrue();
                    assertThat(tables.getStatement()).isNull();
                }
                assertThat(md.getDatabaseProductName()).isEqualTo("PostgreSQL");
                ps.setInt(1, 41);
                try (ResultSet r = ps.executeQuery()) {
                    r.next();
                    assertThat(r.getInt(1)).isEqualTo(41);
                    assertThat(r.getStatement()).isSameAs(ps);
                }
            }
        }
    }

    @Test
    void commandTimeoutBoundsStatementsUnlessTheCallerSetsItsOwn(PostgresServer pg) throws SQLException {
        try (BallastPool pool = BallastPool.start(config(pg, "cmd").commandTimeout(Duration.ofSeconds(1)).build());
                Connection c = pool.getConnection()) {
            try (Statement s = c.createStatement()) {
                assertThat(s.getQueryTimeout()).isEqualTo(1);
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> s.execute("SELECT pg_sleep(30)")).isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_sleep(1.5)")) {
                ps.setQueryTimeout(10); // the caller's own timeout wins
                ps.execute();
            }
            assertThat(one(c, "SELECT 1")).isEqualTo("1"); // a cancelled statement does not break the connection
        }
    }

    @Test
    void withoutPoolingEachBorrowOpensAndEachCloseCloses(PostgresServer pg) throws Exception {
        RecordingListener events = new RecordingListener();
        try (BallastPool pool = BallastPool.start(config(pg, "unpooled").enablePooling(false).minPoolSize(2).build(),
                events)) {
            assertThat(PgPools.backends(pg, "unpooled")).isZero();
            int first;
            try (Connection c = pool.getConnection()) {
                first = PgPools.pid(c);
                assertThat(pool.stats().total()).isEqualTo(1);
                assertThat(pool.stats().used()).isEqualTo(1);
            }
            Await.until(Duration.ofSeconds(20), () -> backendsQuietly(pg) == 0, "the backend to go");
            try (Connection c = pool.getConnection()) {
                assertThat(PgPools.pid(c)).isNotEqualTo(first);
            }
            assertThat(events.closed(ConnectionCloseReason.UNPOOLED)).isEqualTo(2);
            assertThat(pool.stats()).extracting(PoolStats::total, PoolStats::connectionsCreated,
                    PoolStats::connectionsClosed).containsExactly(0, 2L, 2L);
            assertThat(PgPools.poolThreads("unpooled")).isEmpty();
        }
    }

    private static int backendsQuietly(PostgresServer pg) {
        try {
            return PgPools.backends(pg, "unpooled");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
