package dev.ballast.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.DatabaseOptions;
import dev.ballast.alert.AlertRule;
import dev.ballast.pool.BallastPool;
import dev.ballast.resilience.CircuitState;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The health check does not judge saturation or the breaker itself: it asks the alert rules. What a rule's
 * condition finds is what degrades health, and nothing else does.
 */
@WithPostgres
class HealthAsksTheAlertRulesTest {

    @Test
    void degradedExactlyWhenARuleItAsksFindsItsCondition(PostgresServer pg) {
        DatabaseOptions options = DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username())
                .password(pg.password()).minPoolSize(1).maxPoolSize(10).poolName("asks-rules").build();
        try (BallastPool pool = BallastPool.start(options.poolConfig())) {
            DatabasePoolHealthCheck openBreakerButNoRuleHolds = new DatabasePoolHealthCheck(options, pool,
                    pool::stats, () -> CircuitState.OPEN, rule -> null, List::of, System::nanoTime);
            HealthReport healthy = openBreakerButNoRuleHolds.check();
            assertThat(healthy.status()).as(healthy.description()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(healthy.data()).containsEntry("circuit_breaker_state", "OPEN");

            DatabasePoolHealthCheck waitersRuleHolds = new DatabasePoolHealthCheck(options, pool, pool::stats,
                    () -> CircuitState.CLOSED,
                    rule -> rule == AlertRule.WAITERS_PRESENT ? "3 callers waiting (as the rule sees it)" : null,
                    List::of, System::nanoTime);
            HealthReport degraded = waitersRuleHolds.check();
            assertThat(degraded.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(degraded.description()).isEqualTo("3 callers waiting (as the rule sees it)");
            assertThat(degraded.data()).containsEntry("pending_requests", 0);
        }
    }
}
