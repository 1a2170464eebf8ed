package dev.ballast.benchmarks.noop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class NoopDriverTest {

    @Test
    void acceptsOnlyNoopUrls() {
        NoopDriver driver = new NoopDriver();
        assertThat(driver.acceptsURL("jdbc:noop:anything")).isTrue();
        assertThat(driver.acceptsURL("jdbc:postgresql://localhost/db")).isFalse();
        assertThat(driver.connect("jdbc:postgresql://localhost/db", new Properties())).isNull();
        assertThat(driver.connectionsOpened()).isZero();
    }

    @Test
    void isFoundByDriverManagerThroughItsServiceEntry() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:noop:service")) {
            assertThat(c).isInstanceOf(NoopConnection.class);
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void connectionKeepsTheStateAPoolResets() throws SQLException {
        NoopDataSource ds = new NoopDataSource();
        Connection c = ds.getConnection();
        assertThat(ds.driver().connectionsOpened()).isEqualTo(1);
        assertThat(c.getAutoCommit()).isTrue();
        assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
        assertThat(c.isReadOnly()).isFalse();

        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        c.setReadOnly(true);
        c.setCatalog("other");
        c.setSchema("s");
        Executor direct = Runnable::run;
        c.setNetworkTimeout(direct, 1234);
        c.setClientInfo("ApplicationName", "bench");
        c.commit();
        c.rollback();
        c.clearWarnings();

        assertThat(c.getAutoCommit()).isFalse();
        assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        assertThat(c.isReadOnly()).isTrue();
        assertThat(c.getCatalog()).isEqualTo("other");
        assertThat(c.getSchema()).isEqualTo("s");
        assertThat(c.getNetworkTimeout()).isEqualTo(1234);
        assertThat(c.getClientInfo("ApplicationName")).isEqualTo("bench");
        assertThat((Object) c.getWarnings()).isNull();
        assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("noop");
        assertThat((Object) c.unwrap(NoopConnection.class)).isSameAs(c);

        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThat(c.isValid(1)).isFalse();
        assertThatThrownBy(c::getAutoCommit).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }

    @Test
    void statementsRunNothing() throws SQLException {
        try (Connection c = new NoopDataSource().getConnection()) {
            try (Statement s = c.createStatement()) {
                assertThat(s.execute("SELECT 1")).isFalse();
                assertThat(s.executeUpdate("DELETE FROM t")).isZero();
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isZero();
                    assertThat(rs.next()).isFalse();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                ps.setInt(1, 7);
                ps.setString(1, "x");
                assertThat(ps.executeUpdate()).isZero();
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThatThrownBy(() -> rs.updateInt(1, 1)).isInstanceOf(SQLFeatureNotSupportedException.class);
                }
            }
            assertThatThrownBy(() -> c.prepareCall("{call f()}")).isInstanceOf(SQLFeatureNotSupportedException.class);
        }
    }
}
