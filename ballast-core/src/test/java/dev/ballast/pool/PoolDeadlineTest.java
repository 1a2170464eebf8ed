package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.testing.Await;
import dev.ballast.testing.RecordingListener;
import dev.ballast.testkit.FaultProxy;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deadlines hold (DESIGN §3a): no borrow takes longer than ConnectionTimeout, whatever it validates on the way. */
@WithPostgres
class PoolDeadlineTest {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aBorrowNeverOutlastsTheConnectionTimeoutWhileValidatingStaleConnectionsBehindADeadLink(PostgresServer pg)
            throws Exception {
        RecordingListener events = new RecordingListener();
        try (FaultProxy proxy = FaultProxy.start(pg)) {
            try (BallastPool pool = BallastPool.start(config(pg, "deadline").jdbcUrl(proxy.jdbcUrl("postgres"))
                    .maxPoolSize(4).connectionTimeout(CONNECTION_TIMEOUT).validationTimeout(VALIDATION_TIMEOUT)
                    .keepaliveInterval(Duration.ZERO).build(), events)) {
                List<Connection> four = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    four.add(pool.getConnection());
                }
                for (Connection c : four) {
                    c.close();
                }
                long returned = System.nanoTime();
                // each idle connection must be stale (idle past the 500 ms bypass) so that a borrow validates it
                Await.until(Duration.ofSeconds(10), () -> System.nanoTime() - returned > 700_000_000L,
                        "the idle connections to go stale");
                assertThat(pool.stats().idle()).isEqualTo(4);

                proxy.blackhole(); // the link dies silently: every validation waits for an answer that never comes
                long start = System.nanoTime();
                assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("no connection available after");
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).as("one borrow validating stale connections behind a dead link")
                        .isLessThan(CONNECTION_TIMEOUT.plusMillis(750));
                assertThat(events.closed(ConnectionCloseReason.VALIDATION_FAILED)).isPositive();
                proxy.heal();
            }
        }
    }
}
