package dev.ballast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@WithPostgres(settings = "application_name=testkit")
@TestMethodOrder(MethodOrderer.MethodName.class)
class PostgresServerTest {

    static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void serverIsRealPostgresOnLoopbackWithLocaleC(PostgresServer pg) throws Exception {
        assertThat(pg.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres");
        try (Connection c = pg.connect()) {
            assertThat(query(c, "select version()")).startsWith("PostgreSQL 17");
            assertThat(query(c, "select datcollate from pg_database where datname = 'postgres'")).isEqualTo("C");
            assertThat(query(c, "show synchronous_commit")).isEqualTo("on");
            assertThat(query(c, "show application_name")).isNotBlank();
        }
        assertThat(pg.isRunning()).isTrue();
        assertThat(pg.postmasterPid()).isPositive();
    }

    @Test
    void stopBreaksOpenConnectionsAndRefusesNewOnesUntilStart(PostgresServer pg) throws Exception {
        int port = pg.port();
        try (Connection open = pg.connect()) {
            pg.stop();
            assertThat(pg.isRunning()).isFalse();
            assertThatThrownBy(() -> query(open, "select 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("57P01", "08006"));
            assertThatThrownBy(pg::connect)
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
        } finally {
            pg.start();
        }
        assertThat(pg.port()).isEqualTo(port);
        try (Connection c = pg.connect()) {
            assertThat(query(c, "select 1")).isEqualTo("1");
        }
    }

    @Test
    void crashKillsThePostmasterAndStartRecoversCommittedData(PostgresServer pg) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("create table if not exists crash_survivor(id int primary key)");
            s.execute("insert into crash_survivor values (42) on conflict do nothing");
        }
        long pid = pg.postmasterPid();
        try (Connection open = pg.connect()) {
            pg.crash();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(pg.isRunning()).isFalse();
            // backends notice their postmaster's death and end the session (57P01) or just vanish (08006)
            assertThatThrownBy(() -> query(open, "select 1")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("57P01", "08006"));
            assertThatThrownBy(pg::connect).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
        } finally {
            pg.start();
        }
        assertThat(pg.postmasterPid()).isNotEqualTo(pid);
        try (Connection c = pg.connect()) {
            assertThat(query(c, "select count(*) from crash_survivor where id = 42")).isEqualTo("1");
        }
    }

    @Test
    void terminateAllBackendsBreaksEveryClientSessionButKeepsTheServerUp(PostgresServer pg) throws Exception {
        List<Connection> victims = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                victims.add(pg.connect());
            }
            assertThat(pg.terminateAllBackends()).isGreaterThanOrEqualTo(3);
            for (Connection victim : victims) {
                assertThatThrownBy(() -> query(victim, "select 1")).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("57P01", "08006"));
            }
            try (Connection c = pg.connect()) {
                assertThat(query(c, "select 1")).isEqualTo("1");
            }
        } finally {
            for (Connection victim : victims) {
                victim.close();
            }
        }
    }

    @Test
    void configureAppliesReloadableSettingsAndRestartsForPostmasterOnes(PostgresServer pg) throws Exception {
        long pid = pg.postmasterPid();
        pg.configure(Map.of("idle_in_transaction_session_timeout", "12345"));
        assertThat(pg.setting("idle_in_transaction_session_timeout")).isEqualTo("12345ms");
        assertThat(pg.postmasterPid()).isEqualTo(pid);

        pg.configure(Map.of("max_connections", "17"));
        assertThat(pg.setting("max_connections")).isEqualTo("17");
        assertThat(pg.postmasterPid()).isNotEqualTo(pid);

        pg.configure(Map.of("max_connections", "200"));
        assertThat(pg.setting("max_connections")).isEqualTo("200");
    }

    @Test
    void configureOfAReloadableSettingReturnsOnceReloadedNotAfterItsTenSecondWait(PostgresServer pg) throws Exception {
        // regression: the reload wait looked for unapplied lines in pg_file_settings, which a file value overridden
        // on the command line (max_connections) always is, so every reload waited out its full 10 s
        long t0 = System.nanoTime();
        pg.configure(Map.of("statement_timeout", "54321"));
        java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - t0);
        assertThat(pg.setting("statement_timeout")).isEqualTo("54321ms");
        assertThat(took).isLessThan(java.time.Duration.ofSeconds(5));
        pg.configure(Map.of("statement_timeout", "0"));
    }

    @Test
    void createDatabaseGivesAUsableUrlAndRejectsOddNames(PostgresServer pg) throws Exception {
        String url = pg.createDatabase("tickets_test");
        assertThat(url).endsWith("/tickets_test");
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "")) {
            assertThat(query(c, "select current_database()")).isEqualTo("tickets_test");
        }
        assertThatThrownBy(() -> pg.createDatabase("x; drop database postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain identifier");
    }
}
