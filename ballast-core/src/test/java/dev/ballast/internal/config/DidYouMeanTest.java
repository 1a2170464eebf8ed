package dev.ballast.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

    private static final List<String> KEYS = JsonSource.jsonNames();

    @Test
    void suggestsNearMisses() {
        assertThat(DidYouMean.suggest("MaxPoolSise", KEYS)).contains("MaxPoolSize");
        assertThat(DidYouMean.suggest("maxpoolsize", KEYS)).contains("MaxPoolSize");
        assertThat(DidYouMean.suggest("RetyrCount", KEYS)).contains("RetryCount"); // a swap counts as one edit
        assertThat(DidYouMean.suggest("ConnectionTimeout", KEYS)).contains("ConnectionTimeoutSeconds").isPresent();
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(DidYouMean.suggest("Colour", KEYS)).isEmpty();
        assertThat(DidYouMean.hint("URL", KEYS)).isEmpty();
    }

    @Test
    void distanceIsOptimalStringAlignment() {
        assertThat(DidYouMean.distance("abc", "abc")).isZero();
        assertThat(DidYouMean.distance("abc", "acb")).isEqualTo(1);
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
    }
}
