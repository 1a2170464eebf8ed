package dev.ballast.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class YamlSupportTest {

    @Test
    void detectsTheOptionalDependencyOnTheTestClassPath() {
        assertThat(YamlSupport.detect().available()).isTrue();
    }

    @Test
    void withoutTheLibraryTheErrorSaysWhatToAdd() {
        YamlSupport missing = new YamlSupport(name -> !name.startsWith("com.fasterxml.jackson.dataformat.yaml"));
        assertThat(missing.available()).isFalse();
        assertThatThrownBy(() -> missing.read("Database: {}", "ballast.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Reading YAML (ballast.yaml) needs jackson-dataformat-yaml")
                .hasMessageContaining("com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.")
                .hasMessageContaining("--add-modules com.fasterxml.jackson.dataformat.yaml");
    }

    @Test
    void detectionUsesTheClassName() {
        StringBuilder asked = new StringBuilder();
        new YamlSupport(name -> asked.append(name).length() > 0).available();
        assertThat(asked).hasToString("com.fasterxml.jackson.dataformat.yaml.YAMLFactory");
    }
}
