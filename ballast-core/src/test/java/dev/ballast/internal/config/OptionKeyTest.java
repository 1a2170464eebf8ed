package dev.ballast.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.DatabaseOptions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OptionKeyTest {

    @Test
    void spellings() {
        assertThat(OptionKey.MAX_POOL_SIZE.snakeName()).isEqualTo("MAX_POOL_SIZE");
        assertThat(OptionKey.ADDITIONAL_TRANSIENT_SQL_STATES.kebabName()).isEqualTo("additional-transient-sql-states");
        assertThat(OptionKey.find("max-pool-size")).isEqualTo(OptionKey.MAX_POOL_SIZE);
        assertThat(OptionKey.find("MAX_POOL_SIZE")).isEqualTo(OptionKey.MAX_POOL_SIZE);
        assertThat(OptionKey.find("maxPoolSize")).isEqualTo(OptionKey.MAX_POOL_SIZE);
        assertThat(OptionKey.find("nope")).isNull();
    }

    @Test
    void everySettingHasAnAccessorAndABuilderMethodOfItsName() {
        Arrays.stream(OptionKey.values()).filter(k -> k.builderName() != null).forEach(k -> {
            assertThat(Arrays.stream(DatabaseOptions.Builder.class.getMethods())
                    .anyMatch(m -> m.getName().equals(k.builderName()))).as(k.builderName()).isTrue();
            if (k != OptionKey.CONNECTION_STRING && k != OptionKey.PASSWORD) {
                assertThat(Arrays.stream(DatabaseOptions.class.getMethods())
                        .anyMatch(m -> m.getName().equals(k.builderName()) && m.getParameterCount() == 0))
                        .as(k.builderName()).isTrue();
            }
        });
    }

    @Test
    void namesAreUniqueInEverySpelling() {
        assertThat(Arrays.stream(OptionKey.values()).map(k -> OptionKey.normalize(k.jsonName())).distinct().count())
                .isEqualTo(OptionKey.values().length);
    }
}
