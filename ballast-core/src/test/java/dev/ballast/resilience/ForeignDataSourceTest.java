package dev.ballast.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code inTransaction} over a user's own {@link DataSource} (not Ballast's pool, which resets connections itself)
 * must hand every connection back in auto-commit, whatever the attempt's outcome: the user's pool may lend it again
 * as it is.
 */
@WithPostgres
class ForeignDataSourceTest {

    @Test
    void aFailedTransactionAttemptGivesTheConnectionBackInAutoCommit(PostgresServer pg) throws Exception {
        try (Connection physical = pg.connect()) {
            TestDatabases.run(pg, "drop table if exists foreign_ds", "create table foreign_ds(id int primary key)",
                    "insert into foreign_ds values (1)");
            AtomicInteger borrows = new AtomicInteger();
            DatabaseResilience resilience = DatabaseResilience.builder(new OneConnection(physical, borrows))
                    .retry(RetryConfig.builder().retryDelay(Duration.ofMillis(1)).build()).build();

            assertThatThrownBy(() -> resilience.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("insert into foreign_ds values (1)"); // unique violation: thrown at once
                }
            })).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));

            assertThat(borrows).hasValue(1);
            assertThat(physical.getAutoCommit()).as("auto-commit after a failed attempt").isTrue();
            try (Statement s = physical.createStatement()) { // and the next user's statement commits by itself
                s.execute("insert into foreign_ds values (2)");
            }
            assertThat(TestDatabases.number(pg, "select count(*) from foreign_ds where id = 2")).isEqualTo(1);
        }
    }

    @Test
    void aReplayedTransactionGivesEveryConnectionBackInAutoCommit(PostgresServer pg) throws Exception {
        try (Connection physical = pg.connect()) {
            AtomicInteger borrows = new AtomicInteger();
            boolean[] autoCommitAtBorrow = new boolean[3];
            DataSource source = new OneConnection(physical, borrows) {
                @Override
                public Connection getConnection() throws SQLException {
                    autoCommitAtBorrow[borrows.get()] = physical.getAutoCommit();
                    return super.getConnection();
                }
            };
            DatabaseResilience resilience = DatabaseResilience.builder(source)
                    .retry(RetryConfig.builder().retryCount(2).retryDelay(Duration.ofMillis(1)).build()).build();

            assertThatThrownBy(() -> resilience.inTransaction(c -> {
                try (Statement s = c.createStatement()) { // the server reports a serialization failure: replayed
                    s.execute("do $$ begin raise exception 'conflict' using errcode = '40001'; end $$");
                }
                return null;
            })).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40001"));

            assertThat(borrows).hasValue(3);
            assertThat(autoCommitAtBorrow).containsExactly(true, true, true);
            assertThat(physical.getAutoCommit()).isTrue();
        }
    }

    /**
     * A user's data source that lends one physical pgjdbc connection again and again, as a single-connection or
     * pooling data source does: {@code close()} gives it back without resetting anything.
     */
    private static class OneConnection implements DataSource {
        private final Connection physical;
        private final AtomicInteger borrows;

        OneConnection(Connection physical, AtomicInteger borrows) {
            this.physical = physical;
            this.borrows = borrows;
        }

        @Override
        public Connection getConnection() throws SQLException {
            borrows.incrementAndGet();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        try {
                            return method.invoke(physical, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override public Connection getConnection(String u, String p) throws SQLException { return getConnection(); }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("no"); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}
