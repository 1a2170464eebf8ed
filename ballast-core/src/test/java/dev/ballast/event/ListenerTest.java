package dev.ballast.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.resilience.CircuitState;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The listener SPI on a real pool: every kind of event arrives, several listeners run, a throwing one is harmless. */
@WithPostgres
class ListenerTest {

    /** Records event names. */
    static final class Recorder implements BallastListener {
        final Queue<String> events = new ConcurrentLinkedQueue<>();

        @Override public void connectionOpening() { events.add("opening"); }
        @Override public void connectionOpened(long openNanos) { events.add(openNanos > 0 ? "opened" : "opened?"); }
        @Override public void connectionClosed(ConnectionCloseReason reason) { events.add("closed:" + reason); }
        @Override public void connectionBorrowed(long waitNanos) { events.add(waitNanos >= 0 ? "borrowed" : "borrowed?"); }
        @Override public void connectionReturned(long useNanos) { events.add(useNanos >= 0 ? "returned" : "returned?"); }
        @Override public void borrowTimeout(long waitNanos) { events.add("timeout"); }
        @Override public void retryScheduled(String op, int attempt, Duration delay, SQLException cause) {
            events.add("retry:" + op + ":" + cause.getSQLState());
        }
        @Override public void circuitStateChanged(CircuitState from, CircuitState to) { events.add("breaker:" + to); }
    }

    /** Throws from every callback it overrides. */
    static final class Thrower implements BallastListener {
        @Override public void connectionOpened(long openNanos) { throw new IllegalStateException("listener bug"); }
        @Override public void connectionBorrowed(long waitNanos) { throw new IllegalStateException("listener bug"); }
        @Override public void connectionReturned(long useNanos) { throw new IllegalStateException("listener bug"); }
        @Override public void retryScheduled(String op, int a, Duration d, SQLException c) {
            throw new IllegalStateException("listener bug");
        }
    }

    @Test
    void everyEventReachesEveryListenerAndAThrowingListenerBreaksNothing(PostgresServer pg) throws Exception {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        DatabaseOptions options = DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username())
                .minPoolSize(1).maxPoolSize(1).connectionTimeout(Duration.ofSeconds(1))
                .retryDelay(Duration.ofMillis(5)).listener(first).listener(new Thrower()).listener(second)
                .build();
        Ballast db = Ballast.start(options, OpenTelemetry.noop());
        try {
            int[] calls = {0};
            int v = db.resilience().withConnection(c -> {
                if (calls[0]++ == 0) {
                    throw new SQLException("deadlock", "40P01");
                }
                return 1;
            });
            assertThat(v).isEqualTo(1);
            try (Connection held = db.dataSource().getConnection()) {
                assertThatThrownBy(() -> db.dataSource().getConnection())
                        .isInstanceOf(SQLTransientConnectionException.class);
            }
            db.resilience().isolate();
            db.resilience().closeCircuit();
        } finally {
            db.close();
        }
        for (Recorder r : List.of(first, second)) {
            assertThat(r.events).contains("opening", "opened", "borrowed", "returned", "timeout",
                    "retry:withConnection:40P01", "breaker:ISOLATED", "breaker:CLOSED", "closed:SHUTDOWN");
            assertThat(r.events).doesNotContain("opened?", "borrowed?", "returned?");
        }
    }
}
