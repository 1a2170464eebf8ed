package dev.ballast.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.testkit.PgBouncer;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The session defaults Ballast gives its connections, through a transaction-mode PgBouncer where every transaction may
 * run on another server session: each must hold in every transaction, none may be left on a server session for
 * another client, and one that cannot be carried that way is refused at start with the alternative.
 */
@WithPostgres
class SessionDefaultsBouncerTest {

    @BeforeAll
    static void requirePgBouncer() {
        assumeTrue(PgBouncer.isInstalled(), PgBouncer.NOT_INSTALLED);
    }

    static String value(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static DatabaseOptions.Builder options(PgBouncer bouncer, String url) {
        return DatabaseOptions.builder().url(url).username(bouncer.username()).password(bouncer.password())
                .pgBouncerPoolMode(PgBouncerPoolMode.TRANSACTION).minPoolSize(0).maxPoolSize(2)
                .connectionTimeout(Duration.ofSeconds(20));
    }

    @Test
    void applicationNameAndCommandTimeoutHoldInEveryTransactionAndNothingIsLeftForOtherClients(PostgresServer pg)
            throws Exception {
        // one server connection: every client's every transaction runs on the same server session
        try (PgBouncer bouncer = PgBouncer.builder(pg).setting("default_pool_size", "1").build();
                Ballast db = Ballast.start(options(bouncer, bouncer.jdbcUrl()).applicationName("orders")
                        .commandTimeout(Duration.ofSeconds(1)).build());
                // a client that sets nothing on the session itself: start-up parameters only
                Connection other = DriverManager.getConnection(bouncer.jdbcUrl()
                        + "?prepareThreshold=0&assumeMinServerVersion=9.4&ApplicationName=other",
                        bouncer.username(), bouncer.password())) {
            String serverDefault = value(other, "SELECT boot_val FROM pg_settings WHERE name = 'extra_float_digits'");
            for (int round = 0; round < 3; round++) {
                try (Connection c = db.dataSource().getConnection()) {
                    assertThat(value(c, "SELECT current_setting('application_name')")).isEqualTo("orders");
                    c.setAutoCommit(false);
                    for (int t = 0; t < 2; t++) {
                        assertThat(value(c, "SELECT current_setting('application_name')")).isEqualTo("orders");
                        SQLException timedOut = catchThrowableOfType(SQLException.class,
                                () -> value(c, "SELECT pg_sleep(5)::text"));
                        assertThat((Object) timedOut).as("CommandTimeout in transaction " + t).isNotNull();
                        assertThat(timedOut.getSQLState()).isEqualTo("57014");
                        c.rollback();
                    }
                    c.setAutoCommit(true);
                }
                for (boolean autoCommit : new boolean[] {true, false}) {
                    other.setAutoCommit(autoCommit);
                    assertThat(value(other, "SELECT current_setting('application_name')")).isEqualTo("other");
                    assertThat(value(other, "SHOW extra_float_digits")).as("left on the server session by Ballast")
                            .isEqualTo(serverDefault);
                    assertThat(value(other, "SHOW statement_timeout")).isEqualTo("0");
                    if (!autoCommit) {
                        other.commit();
                    }
                }
            }
        }
    }

    @Test
    void theApplicationNameArrivesInTheStartUpPacketNotAsASetAfterLogin(PostgresServer pg) throws Exception {
        // application_name_add_host appends the client's address to a start-up application_name only; a
        // SET application_name sent after login (pgjdbc's way unless told the server is 9.0 or later) replaces it
        try (PgBouncer bouncer = PgBouncer.builder(pg).setting("application_name_add_host", "1").build();
                Ballast db = Ballast.start(options(bouncer, bouncer.jdbcUrl()).applicationName("orders").build());
                Connection c = db.dataSource().getConnection()) {
            assertThat(value(c, "SELECT current_setting('application_name')")).startsWith("orders - 127.0.0.1:");
        }
    }

    @Test
    void aSearchPathIsRefusedAtStartWithTheRoleDefaultToUseInstead(PostgresServer pg) {
        // a bouncer told to ignore search_path would run every statement in the default schema, silently
        try (PgBouncer bouncer = PgBouncer.builder(pg)
                .setting("ignore_startup_parameters", "extra_float_digits,search_path").build()) {
            assertThatThrownBy(() -> Ballast.start(options(bouncer, bouncer.jdbcUrl() + "?currentSchema=app")
                    .build()).close())
                    .hasMessageContaining("currentSchema")
                    .hasMessageContaining("PgBouncerPoolMode=Transaction")
                    .hasMessageContaining("ALTER ROLE " + bouncer.username() + " SET search_path");
        }
    }

    @Test
    void startUpOptionsAreRefusedAtStartWithTheRoleDefaultToUseInstead(PostgresServer pg) {
        try (PgBouncer bouncer = PgBouncer.launch(pg, PgBouncer.PoolMode.TRANSACTION)) {
            assertThatThrownBy(() -> Ballast.start(options(bouncer, bouncer.jdbcUrl()
                    + "?options=-c%20lock_timeout%3D5s").build()).close())
                    .hasMessageContaining("options")
                    .hasMessageContaining("ALTER ROLE " + bouncer.username() + " SET");
        }
    }
}
