package dev.ballast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.internal.config.OptionKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every key, so adding a key without documenting it fails the build. */
class ConfigurationDocsTest {

    @Test
    void everyKeyIsInTheTable() throws IOException {
        Path docs = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(docs);
        for (OptionKey key : OptionKey.values()) {
            assertThat(text).as(key.jsonName()).contains("`" + key.jsonName() + "`");
            if (key.builderName() != null) {
                assertThat(text).as(key.builderName()).contains("`" + key.builderName() + "(");
            }
        }
    }

    @Test
    void theExampleInTheDocsLoads() throws IOException {
        String text = Files.readString(Path.of("..", "docs", "configuration.md"));
        int start = text.indexOf("```json") + "```json".length();
        String example = text.substring(start, text.indexOf("```", start));
        DatabaseOptions o = DatabaseOptions.fromJson(example);
        assertThat(o.poolName()).isEqualTo("tickets");
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db.example.com:5432/tickets?sslmode=verify-full");
    }
}
