package dev.ballast.benchmarks.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ResilienceBenchmarkTest {

    @Test
    void everyVariantReturnsTheActionsResult() throws Exception {
        ResilienceBenchmark benchmark = new ResilienceBenchmark();
        benchmark.setUp();
        assertThat(benchmark.bare()).isEqualTo(42);
        assertThat(benchmark.ballast()).isEqualTo(42);
        assertThat(benchmark.resilience4j()).isEqualTo(42);
        assertThat(benchmark.resilience4jPredecorated()).isEqualTo(42);
        assertThat(benchmark.failsafe()).isEqualTo(42);
    }

    @Test
    void onlyTransientSqlStatesCountAsTransient() {
        assertThat(TransientFailures.isTransient(new SQLException("serialization", "40001"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLTransientConnectionException("gone", "08006"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("duplicate", "23505"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("no state"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException())).isFalse();
    }
}
