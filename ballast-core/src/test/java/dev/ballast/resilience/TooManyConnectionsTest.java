package dev.ballast.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.internal.resilience.RecordingListener;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 5, test 4: too_many_connections (53300) is retried and succeeds once another client leaves. */
@WithPostgres(settings = {"max_connections=6", "superuser_reserved_connections=0"})
class TooManyConnectionsTest {

    @Test
    void retriedUntilASlotFrees(PostgresServer pg) throws Exception {
        List<Connection> others = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                others.add(pg.connect()); // other clients hold every slot
            }
            RecordingListener listener = new RecordingListener() {
                @Override
                public void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {
                    super.retryScheduled(operation, attempt, delay, cause);
                    if (attempt == 1) {
                        closeQuietly(others.remove(0)); // one of them leaves
                    }
                }
            };
            DatabaseResilience db = DatabaseResilience.builder(TestDatabases.dataSource(pg, 0))
                    .retry(RetryConfig.builder().retryCount(10).retryDelay(Duration.ofMillis(50))
                            .maxRetryDelay(Duration.ofMillis(500)).build())
                    .listener(listener).build();
            String answer = db.withConnection(c -> "connected");
            assertThat(answer).isEqualTo("connected");
            List<String> attempts = listener.events("attempt");
            assertThat(attempts.get(0)).isEqualTo("attempt withConnection 1 53300");
            assertThat(attempts.get(attempts.size() - 1)).endsWith("ok");
            assertThat(db.circuitState()).isEqualTo(CircuitState.CLOSED);
        } finally {
            others.forEach(TooManyConnectionsTest::closeQuietly);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the test is over
        }
    }
}
