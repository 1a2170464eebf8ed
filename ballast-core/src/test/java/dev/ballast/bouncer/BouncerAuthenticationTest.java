package dev.ballast.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.event.BallastListener;
import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.resilience.CircuitState;
import dev.ballast.testkit.PgBouncer;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PgBouncer that asks for a password (as production bouncers do): the right one logs in through Ballast, a wrong
 * one fails fast with SQLSTATE 28P01 as it does on a direct connection, neither retried nor counted by the circuit
 * breaker, and neither password shows in a log line or an error.
 */
@WithPostgres
class BouncerAuthenticationTest {

    private static final String RIGHT = "right-Pa55word";
    private static final String WRONG = "wrong-Pa55word";
    private static final Duration RETRY_DELAY = Duration.ofSeconds(3);

    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final BallastListener counting = new BallastListener() {
        @Override
        public void attemptFinished(String operation, int attempt, Throwable failure) {
            attempts.incrementAndGet();
        }

        @Override
        public void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {
            retries.incrementAndGet();
        }
    };

    @BeforeAll
    static void requirePgBouncer() {
        assumeTrue(PgBouncer.isInstalled(), PgBouncer.NOT_INSTALLED);
    }

    DatabaseOptions options(PgBouncer bouncer, String password) {
        return DatabaseOptions.builder().url(bouncer.jdbcUrl()).username(bouncer.username()).password(password)
                .pgBouncerPoolMode(PgBouncerPoolMode.TRANSACTION).minPoolSize(0).maxPoolSize(2)
                .connectionTimeout(Duration.ofSeconds(10)).retryCount(3).retryDelay(RETRY_DELAY)
                .circuitBreakerThreshold(2).listener(counting).build();
    }

    static String chain(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }

    @Test
    void theRightPasswordLogsInAndAWrongOneFailsFastWith28P01NeitherRetriedNorCounted(PostgresServer pg)
            throws Exception {
        for (PgBouncer.AuthMethod method : PgBouncer.AuthMethod.values()) {
            try (PgBouncer bouncer = PgBouncer.builder(pg).password(method, RIGHT).build()) {
                try (Ballast db = Ballast.start(options(bouncer, RIGHT))) {
                    boolean valid = db.resilience().withConnection(c -> c.isValid(5));
                    assertThat(valid).as(method.name()).isTrue();
                }
                PrintStream original = System.err;
                ByteArrayOutputStream log = new ByteArrayOutputStream();
                System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
                try (Ballast db = Ballast.start(options(bouncer, WRONG))) {
                    for (int call = 0; call < 3; call++) {
                        attempts.set(0);
                        long start = System.nanoTime();
                        SQLException refused = catchThrowableOfType(SQLException.class,
                                () -> db.resilience().withConnection(c -> 1));
                        Duration took = Duration.ofNanos(System.nanoTime() - start);
                        assertThat((Object) refused).as(method + " call " + call).isNotNull();
                        assertThat(refused.getSQLState()).as(chain(refused)).isEqualTo("28P01");
                        assertThat(attempts).as("attempts of call " + call).hasValue(1);
                        assertThat(took).as("well under the retry delay: no backoff")
                                .isLessThan(RETRY_DELAY.dividedBy(2));
                        assertThat(chain(refused)).doesNotContain(WRONG, RIGHT);
                    }
                    assertThat(retries).hasValue(0);
                    assertThat(db.resilience().circuitState()).isEqualTo(CircuitState.CLOSED);
                    assertThat(db.toString() + db.options()).doesNotContain(WRONG, RIGHT);
                } finally {
                    System.setErr(original);
                }
                assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(WRONG, RIGHT);
            }
        }
    }
}
