package dev.ballast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.testkit.junit.WithPostgres;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WithPostgres
class FaultProxyTest {

    private FaultProxy proxy;

    @BeforeEach
    void startProxy(PostgresServer pg) {
        proxy = FaultProxy.start(pg);
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    private Connection connect(int socketTimeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PostgresServer.USERNAME);
        p.setProperty("connectTimeout", "5");
        p.setProperty("loginTimeout", "5");
        p.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        return DriverManager.getConnection(proxy.jdbcUrl("postgres"), p);
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String sqlState(Throwable e) {
        return ((SQLException) e).getSQLState();
    }

    @Test
    void forwardsTrafficBothWays() throws Exception {
        try (Connection c = connect(10)) {
            assertThat(selectOne(c)).isEqualTo(1);
            assertThat(proxy.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void latencyDelaysEveryRoundTrip() throws Exception {
        try (Connection c = connect(10)) {
            proxy.latency(Duration.ofMillis(150));
            long start = System.nanoTime();
            selectOne(c);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            // one round trip crosses the proxy twice: request and response
            assertThat(tookMillis).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void blackholeMakesStatementsTimeOutOnSocketTimeoutAndHealRestoresService() throws Exception {
        try (Connection c = connect(1)) {
            proxy.blackhole();
            long start = System.nanoTime();
            assertThatThrownBy(() -> selectOne(c))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(sqlState(e)).isEqualTo("08006"))
                    .hasStackTraceContaining("SocketTimeoutException");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThatThrownBy(() -> connect(1)).isInstanceOf(SQLException.class);
        }
        proxy.heal();
        try (Connection c = connect(10)) {
            assertThat(selectOne(c)).isEqualTo(1);
        }
    }

    @Test
    void cutResetsCurrentConnectionsWith08006() throws Exception {
        try (Connection c = connect(10)) {
            assertThat(selectOne(c)).isEqualTo(1);
            proxy.cut();
            assertThatThrownBy(() -> selectOne(c))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(sqlState(e)).isEqualTo("08006"));
        }
        try (Connection c = connect(10)) {
            assertThat(selectOne(c)).isEqualTo(1);
        }
    }

    @Test
    void refuseRejectsNewConnectionsWith08001UntilHeal() throws Exception {
        try (Connection survivor = connect(10)) {
            proxy.refuse();
            assertThatThrownBy(() -> connect(10))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(sqlState(e)).isEqualTo("08001"));
            assertThat(selectOne(survivor)).isEqualTo(1);
            proxy.heal();
            try (Connection c = connect(10)) {
                assertThat(selectOne(c)).isEqualTo(1);
            }
        }
    }

    @Test
    void refuseKeepsItsPortSoNoOtherProcessCanTakeItBeforeHeal() throws Exception {
        proxy.refuse();
        // another process binding the freed port made heal() fail (and a refused client reach that process)
        try (ServerSocket intruder = new ServerSocket()) {
            intruder.setReuseAddress(true);
            assertThatThrownBy(() -> intruder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    proxy.port()))).isInstanceOf(BindException.class);
        }
        assertThatThrownBy(() -> connect(10))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo("08001"));
        proxy.heal();
        try (Connection c = connect(10)) {
            assertThat(selectOne(c)).isEqualTo(1);
        }
    }

    @Test
    void closeEndsEveryProxyThread() throws Exception {
        Connection c = connect(10);
        selectOne(c);
        proxy.blackhole();
        proxy.close();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("ballast-fault-proxy-" + proxy.port() + "-") && t.isAlive());
        assertThatThrownBy(() -> selectOne(c)).isInstanceOf(SQLException.class);
        c.close();
    }
}
