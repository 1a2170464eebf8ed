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
}
