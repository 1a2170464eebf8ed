package dev.ballast.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static final Map<String, String> DEFAULTS = Map.of("threads", "8", "clients", "4,16", "warmup", "3");

    @Test
    void parsesValuesOverDefaults() {
        Options options = Options.parse(new String[] {"--clients=1, 2", "--warmup=0.5"}, DEFAULTS);
        assertThat(options.positiveInt("threads")).isEqualTo(8);
        assertThat(options.positiveInts("clients")).isEqualTo(List.of(1, 2));
        assertThat(options.duration("warmup")).isEqualTo(Duration.ofMillis(500));
        assertThat(Options.format(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    }

    @Test
    void rejectsUnknownAndMalformedOptions() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--thread=2"}, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--thread");
        assertThatThrownBy(() -> Options.parse(new String[] {"threads"}, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--name=value");
        Options options = Options.parse(new String[] {"--threads=0"}, DEFAULTS);
        assertThatThrownBy(() -> options.positiveInt("threads"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was '0'");
    }
}
