package dev.ballast.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.testkit.PgBouncer;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spring's transaction manager sets read-only and the isolation level on a connection before it turns autoCommit
 * off. Through a transaction-mode PgBouncer the transaction must get them, and no other client's session may keep
 * them.
 */
@WithPostgres
class SpringStyleBouncerTest {

    @BeforeAll
    static void requirePgBouncer() {
        assumeTrue(PgBouncer.isInstalled(), PgBouncer.NOT_INSTALLED);
    }

    static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void isolationAndReadOnlySetBeforeBeginApplyToTheTransactionAndLeakNowhere(PostgresServer pg) throws Exception {
        try (PgBouncer bouncer = PgBouncer.builder(pg).setting("default_pool_size", "2").build();
                Ballast db = Ballast.start(DatabaseOptions.builder().url(bouncer.jdbcUrl())
                        .username(bouncer.username()).password(bouncer.password())
                        .pgBouncerPoolMode(PgBouncerPoolMode.TRANSACTION).minPoolSize(0).maxPoolSize(4).build())) {
            for (int i = 0; i < 5; i++) {
                try (Connection c = db.dataSource().getConnection(); Connection other = java.sql.DriverManager.getConnection(
                        bouncer.jdbcUrl() + "?prepareThreshold=0", bouncer.username(), bouncer.password())) {
                    c.setReadOnly(true);
                    c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                    // another client's transaction starts in between: PgBouncer hands it the server connection
                    // used last, so anything c left on that session shows up in other's transaction
                    other.setAutoCommit(false);
                    assertThat(show(other, "transaction_isolation")).as("leaked to another client")
                            .isEqualTo("read committed");
                    assertThat(show(other, "transaction_read_only")).isEqualTo("off");
                    c.setAutoCommit(false);
                    assertThat(show(c, "transaction_isolation")).isEqualTo("serializable");
                    assertThat(show(c, "transaction_read_only")).isEqualTo("on");
                    c.commit();
                    other.commit();
                }
            }
        }
    }
}
