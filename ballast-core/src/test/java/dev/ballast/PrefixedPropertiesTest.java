package dev.ballast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link DatabaseOptions.Builder#properties(Map, String)}: a framework's own section (Spring Boot's
 * {@code spring.datasource.ballast.*}) read through the key table, with errors naming the framework's property.
 */
class PrefixedPropertiesTest {

    private static final String PREFIX = "spring.datasource.ballast";

    private static DatabaseOptions.Builder builder() {
        return DatabaseOptions.builder().url("jdbc:postgresql://db:5432/app");
    }

    @Test
    void everySpellingOfAKeyUnderThePrefixIsReadAndOtherPropertiesAreIgnored() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PREFIX + ".max-pool-size", "7");
        properties.put(PREFIX + ".minPoolSize", "3");
        properties.put(PREFIX + ".RETRY_DELAY_SECONDS", "0.25");
        properties.put(PREFIX + ".additional-transient-sql-states[0]", "55P03");
        properties.put(PREFIX + ".additional-transient-sql-states[1]", "57014");
        properties.put("spring.datasource.hikari.maximum-pool-size", "99");
        properties.put("database.max-pool-size", "99");
        DatabaseOptions options = builder().properties(properties, PREFIX).build();
        assertThat(options.maxPoolSize()).isEqualTo(7);
        assertThat(options.minPoolSize()).isEqualTo(3);
        assertThat(options.retryDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(options.additionalTransientSqlStates()).containsExactlyInAnyOrder("55P03", "57014");
    }

    @Test
    void anUnknownKeyUnderThePrefixIsAnErrorWithADidYouMeanInTheSameSpelling() {
        assertThatThrownBy(() -> builder().properties(Map.of(PREFIX + ".max-pool-sise", "5"), PREFIX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown property " + PREFIX + ".max-pool-sise (did you mean " + PREFIX
                        + ".max-pool-size?)");
        assertThatThrownBy(() -> builder().properties(Map.of(PREFIX + ".no-such-thing", "5"), PREFIX))
                .hasMessage("Unknown property " + PREFIX + ".no-such-thing");
    }

    @Test
    void aBadValueNamesTheProperty() {
        assertThatThrownBy(() -> builder().properties(Map.of(PREFIX + ".retry-count", "many"), PREFIX))
                .hasMessage("RetryCount must be a whole number, but was \"many\" (property " + PREFIX
                        + ".retry-count)");
    }

    @Test
    void theConnectionIsRefusedUnderThePrefixWithoutShowingTheValue() {
        for (String key : List.of("password", "connection-string", "host", "username")) {
            assertThatThrownBy(() -> builder().properties(Map.of(PREFIX + "." + key, "hunter2"), PREFIX))
                    .hasMessageContaining(PREFIX + "." + key).hasMessageContaining("names the connection")
                    .hasMessageNotContaining("hunter2");
        }
    }
}
