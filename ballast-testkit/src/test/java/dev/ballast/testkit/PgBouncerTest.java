package dev.ballast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ballast.testkit.junit.WithPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithPostgres
class PgBouncerTest {

    @BeforeAll
    static void requirePgBouncer() {
        assumeTrue(PgBouncer.isInstalled(), PgBouncer.NOT_INSTALLED);
    }

    static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for: " + what).isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void withAPasswordTheBouncerAcceptsItAndRefusesAWrongOne(PostgresServer pg) throws Exception {
        for (PgBouncer.AuthMethod method : PgBouncer.AuthMethod.values()) {
            try (PgBouncer bouncer = PgBouncer.builder(pg).password(method, "s3cret-" + method).build()) {
                assertThat(bouncer.password()).isEqualTo("s3cret-" + method);
                try (Connection c = bouncer.connect()) {
                    assertThat(backendPid(c)).as(method + ": the right password logs in").isPositive();
                }
                java.util.Properties wrong = new java.util.Properties();
                wrong.setProperty("user", bouncer.username());
                wrong.setProperty("password", "not-the-password");
                SQLException refused = org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class,
                        () -> java.sql.DriverManager.getConnection(bouncer.jdbcUrl(), wrong).close());
                assertThat((Object) refused).as(method + ": a wrong password is refused").isNotNull();
                // PgBouncer 1.18 reports its own authentication failures as 08P01 (PostgreSQL would say 28P01)
                assertThat(refused.getSQLState()).as(refused.getMessage()).isEqualTo("08P01");
                assertThat(refused.getMessage()).contains("authentication failed").doesNotContain("not-the-password");
                assertThat(bouncer.show("POOLS")).as("the admin console needs no password").isNotEmpty();
                Path users = bouncer.directory().resolve("bouncer").resolve("users.txt");
                assertThat(java.nio.file.Files.getPosixFilePermissions(users))
                        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            }
        }
    }

    @Test
    void transactionModeHandsEachTransactionAnyServerConnection(PostgresServer pg) throws Exception {
        try (PgBouncer bouncer = PgBouncer.builder(pg).poolMode(PgBouncer.PoolMode.TRANSACTION)
                .setting("default_pool_size", "2").build()) {
            assertThat(bouncer.port()).isNotEqualTo(pg.port());
            assertThat(bouncer.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + bouncer.port() + "/postgres");
            try (Connection a = bouncer.connect(); Connection b = bouncer.connect()) {
                a.setAutoCommit(false);
                int held = backendPid(a); // a's transaction holds one server connection
                // b's transactions get the other server connection, never a's while a's transaction is open
                assertThat(backendPid(b)).isNotEqualTo(held);
                a.commit();
            }
            Map<String, String> pool = bouncer.show("POOLS").stream()
                    .filter(r -> "postgres".equals(r.get("database"))).findFirst().orElseThrow();
            assertThat(pool.get("pool_mode")).isEqualTo("transaction");
            assertThat(pool.get("user")).isEqualTo(pg.username());
        }
    }

    @Test
    void sessionModeKeepsOneServerConnectionPerClient(PostgresServer pg) throws Exception {
        try (PgBouncer bouncer = PgBouncer.launch(pg, PgBouncer.PoolMode.SESSION);
                Connection c = bouncer.connect(); Connection other = bouncer.connect()) {
            int first = backendPid(c);
            backendPid(other);
            assertThat(backendPid(c)).isEqualTo(first);
            try (Statement s = c.createStatement()) {
                s.execute("set application_name = 'kept'");
            }
            backendPid(other);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show application_name")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("kept");
            }
            assertThat(bouncer.show("POOLS")).anySatisfy(r -> assertThat(r.get("pool_mode")).isEqualTo("session"));
        }
    }

    @Test
    void pauseHoldsQueriesUntilResume(PostgresServer pg) throws Exception {
        try (PgBouncer bouncer = PgBouncer.launch(pg, PgBouncer.PoolMode.TRANSACTION);
                Connection c = bouncer.connect()) {
            backendPid(c);
            bouncer.pause();
            CompletableFuture<Integer> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return backendPid(c);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await("the query waits in the paused pool", () -> waitingClients(bouncer) >= 1);
            assertThat(held).isNotDone();
            bouncer.resume();
            assertThat(held.get(20, TimeUnit.SECONDS)).isPositive();
        }
    }

    private static int waitingClients(PgBouncer bouncer) {
        try {
            return bouncer.show("POOLS").stream().mapToInt(r -> Integer.parseInt(r.get("cl_waiting"))).sum();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void restartCutsClientsAndServesNewOnesOnTheSamePort(PostgresServer pg) throws Exception {
        try (PgBouncer bouncer = PgBouncer.launch(pg, PgBouncer.PoolMode.TRANSACTION)) {
            int port = bouncer.port();
            long pid = bouncer.pid();
            try (Connection c = bouncer.connect()) {
                backendPid(c);
                bouncer.restart();
                assertThatThrownBy(() -> backendPid(c)).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
            }
            assertThat(bouncer.port()).isEqualTo(port);
            assertThat(bouncer.pid()).isNotEqualTo(pid);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            try (Connection c = bouncer.connect()) {
                assertThat(backendPid(c)).isPositive();
            }
        }
    }

    @Test
    void closeLeavesNoProcessAndRefusesConnections(PostgresServer pg) throws Exception {
        PgBouncer bouncer = PgBouncer.launch(pg, PgBouncer.PoolMode.SESSION);
        long pid = bouncer.pid();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
        bouncer.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(bouncer.isRunning()).isFalse();
        assertThatThrownBy(bouncer::connect).isInstanceOf(SQLException.class);
        assertThatThrownBy(bouncer::start).isInstanceOf(IllegalStateException.class);
        bouncer.close(); // idempotent
    }

    @Test
    void aBouncerLeftByAKilledJvmIsStoppedByTheNextStart(PostgresServer pg) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", StaleBouncerMain.class.getName())
                .redirectErrorStream(true)
                .start();
        String ready;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("READY "));
            ready = line;
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs in the child
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(ready).as("child JVM output").isNotNull();
        long stale = Long.parseLong(ready.split(" ")[1]);
        assertThat(ProcessHandle.of(stale).map(ProcessHandle::isAlive).orElse(false))
                .as("the orphaned pgbouncer outlived its JVM").isTrue();
        try (PgBouncer fresh = PgBouncer.launch(pg, PgBouncer.PoolMode.SESSION)) {
            assertThat(fresh.isRunning()).isTrue();
            await("stale pgbouncer gone", () -> !ProcessHandle.of(stale).map(ProcessHandle::isAlive).orElse(false));
        }
    }

    @Test
    void settingNamesAndValuesAreChecked(PostgresServer pg) {
        assertThatThrownBy(() -> PgBouncer.builder(pg).setting("bad name", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name");
        assertThatThrownBy(() -> PgBouncer.builder(pg).setting("pool_mode", "session\nauth_type = any"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line");
    }
}
