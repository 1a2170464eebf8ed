package dev.ballast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a server start does when its port is already taken by another process. */
class PortTakenTest {

    private static ServerSocket takeAPort() throws Exception {
        ServerSocket taken = new ServerSocket();
        taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return taken;
    }

    @Test
    void aPickedPortTakenBeforeTheServerBindsItIsReplacedByAnotherFreePort() throws Exception {
        try (ServerSocket taken = takeAPort();
                PostgresServer pg = PostgresServer.builder()
                        .firstPortToTry(taken.getLocalPort())
                        .startupWait(Duration.ofSeconds(10))
                        .build()) {
            assertThat(pg.port()).isPositive().isNotEqualTo(taken.getLocalPort());
            try (Connection c = pg.connect()) {
                assertThat(PostgresServerTest.query(c, "show port")).isEqualTo(Integer.toString(pg.port()));
            }
            assertThat(Files.readString(pg.logFile())).contains("Address already in use");
        }
    }

    @Test
    void aStartOnAChosenPortThatIsTakenFailsQuotingTheServersOwnReason() throws Exception {
        try (ServerSocket taken = takeAPort()) {
            assertThatThrownBy(() -> PostgresServer.builder()
                            .port(taken.getLocalPort())
                            .startupWait(Duration.ofSeconds(4))
                            .build())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasStackTraceContaining("the server's log says")
                    .hasStackTraceContaining("Address already in use");
        }
    }

    /**
     * PostgreSQL's default Unix socket directory is {@code /tmp}, shared by every server on the machine, and its lock
     * file there outlives a killed server. When a later server's free TCP port matches such a file whose PID now
     * belongs to a live process (as happens on a developer machine after many killed runs, and under
     * {@code unshare -U}, where another user's process counts as alive), PostgreSQL refuses to start: "lock file
     * ... already exists". The testkit's servers listen on TCP only, so no such file can stop them.
     */
    @Test
    void aStaleSocketLockFileInTmpForTheSamePortDoesNotStopAServer() throws Exception {
        int port;
        java.nio.file.Path lock;
        do { // a free port with no lock file yet, so that the one written here is the only one and is removed after
            try (ServerSocket free = takeAPort()) {
                port = free.getLocalPort();
            }
            lock = java.nio.file.Path.of("/tmp", ".s.PGSQL." + port + ".lock");
        } while (Files.exists(lock));
        // the PID of a live process that is not the new server's parent or grandparent (PostgreSQL ignores those)
        Process alive = new ProcessBuilder("sleep", "120").start();
        Files.writeString(lock, alive.pid() + "\n/tmp\n");
        try (PostgresServer pg = PostgresServer.builder().port(port).startupWait(Duration.ofSeconds(20)).build();
                Connection c = pg.connect()) {
            assertThat(PostgresServerTest.query(c, "show port")).isEqualTo(Integer.toString(port));
            assertThat(PostgresServerTest.query(c, "show unix_socket_directories")).isEmpty();
        } finally {
            Files.deleteIfExists(lock);
            alive.destroyForcibly();
        }
    }
}
