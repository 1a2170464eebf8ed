package dev.ballast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void printsMaskedAndRevealsOnlyOnRequest() {
        Secret s = Secret.of("hunter2");
        assertThat(s).hasToString("******");
        assertThat(String.valueOf(s)).doesNotContain("hunter2");
        assertThat(s.reveal()).isEqualTo("hunter2");
        assertThat(s.isEmpty()).isFalse();
    }

    @Test
    void emptyIsNone() {
        assertThat(Secret.of("")).isSameAs(Secret.none());
        assertThat(Secret.none()).hasToString("<none>");
        assertThat(Secret.none().isEmpty()).isTrue();
        assertThat(Secret.none().reveal()).isEmpty();
    }

    @Test
    void equalityComparesValuesAndHashLeaksNothing() {
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
        assertThat(Secret.of("a").hashCode()).isEqualTo(Secret.of("something else").hashCode());
        assertThat(Secret.none()).isNotEqualTo(Secret.of("a")).isNotEqualTo("a");
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
    }
}
