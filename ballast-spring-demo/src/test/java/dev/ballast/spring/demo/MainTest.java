package dev.ballast.spring.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code ballast demo --spring}'s options become Spring Boot arguments. */
class MainTest {

    @Test
    void portOptionsBecomeServerAndManagementPorts() {
        assertThat(Main.springArguments(List.of("--port", "9090", "--ops-port=9091")))
                .containsExactly("--server.port=9090", "--management.server.port=9091");
    }

    @Test
    void springPropertiesPassThroughUnchanged() {
        assertThat(Main.springArguments(List.of("--spring.datasource.url=jdbc:postgresql://db/tickets",
                "--spring.datasource.ballast.max-pool-size=50")))
                .containsExactly("--spring.datasource.url=jdbc:postgresql://db/tickets",
                        "--spring.datasource.ballast.max-pool-size=50");
    }

    @Test
    void aBadPortOrAnUnknownOptionIsAUsageError() {
        assertThatThrownBy(() -> Main.springArguments(List.of("--port", "70000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port must be between 0 and 65535, but was 70000");
        assertThatThrownBy(() -> Main.springArguments(List.of("--port", "abc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port must be a whole number, but was 'abc'");
        assertThatThrownBy(() -> Main.springArguments(List.of("--port")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port needs a value");
        assertThatThrownBy(() -> Main.springArguments(List.of("--verbose")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option '--verbose' for demo --spring");
    }
}
