package dev.ballast.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void noArgumentsMeansDemoWithDefaults() {
        CommandLine cl = CommandLine.parse(List.of());
        assertThat(cl.command()).isEqualTo("demo");
        assertThat(cl.port()).isEmpty();
        assertThat(cl.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(cl.clients()).isEqualTo(32);
    }

    @Test
    void demoTakesPortsAndConfig() {
        CommandLine cl = CommandLine.parse(List.of("demo", "--port", "9090", "--ops-port=9091", "--config", "x.json"));
        assertThat(cl.port()).hasValue(9090);
        assertThat(cl.opsPort()).hasValue(9091);
        assertThat(cl.config()).isEqualTo(Path.of("x.json"));
    }

    @Test
    void chaosTakesDurationAndClients() {
        CommandLine cl = CommandLine.parse(List.of("chaos", "--duration", "2m", "--clients", "8"));
        assertThat(cl.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(cl.clients()).isEqualTo(8);
    }

    @Test
    void chaosTakesAReplicaCountBetweenTwoAndFourAndDefaultsToTheSingleServerMode() {
        assertThat(CommandLine.parse(List.of("chaos")).replicas()).isZero();
        assertThat(CommandLine.parse(List.of("chaos", "--replicas", "2")).replicas()).isEqualTo(2);
        assertThatThrownBy(() -> CommandLine.parse(List.of("chaos", "--replicas", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--replicas must be between 2 and 4");
        assertThatThrownBy(() -> CommandLine.parse(List.of("demo", "--replicas", "2")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsAcceptSecondsMinutesMillisAndBareNumbers() {
        assertThat(CommandLine.duration("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(CommandLine.duration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(CommandLine.duration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> CommandLine.duration("soon")).hasMessageContaining("'soon'");
        assertThatThrownBy(() -> CommandLine.duration("10ms")).hasMessageContaining("at least 1s");
    }

    @Test
    void badInputIsRejectedWithTheOptionNamed() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("serve"))).hasMessageContaining("unknown command 'serve'");
        assertThatThrownBy(() -> CommandLine.parse(List.of("demo", "--clients", "3")))
                .hasMessageContaining("'--clients' for demo");
        assertThatThrownBy(() -> CommandLine.parse(List.of("demo", "--port", "70000")))
                .hasMessageContaining("--port must be between 0 and 65535");
        assertThatThrownBy(() -> CommandLine.parse(List.of("chaos", "--clients", "0")))
                .hasMessageContaining("--clients must be between 1 and 1000");
        assertThatThrownBy(() -> CommandLine.parse(List.of("demo", "--port"))).hasMessageContaining("needs a value");
    }

    @Test
    void helpAnywhere() {
        assertThat(CommandLine.parse(List.of("help")).command()).isEqualTo("help");
        assertThat(CommandLine.parse(List.of("--help")).command()).isEqualTo("help");
        assertThat(CommandLine.parse(List.of("chaos", "--help")).command()).isEqualTo("help");
    }
}
