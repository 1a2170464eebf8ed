package dev.ballast.internal.resilience;

import dev.ballast.event.BallastListener;
import dev.ballast.resilience.CircuitState;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records resilience events as short strings, e.g. {@code attempt execute 1 40001}. Thread-safe. */
public class RecordingListener implements BallastListener {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {
        events.add("retry " + operation + " " + attempt + " " + delay.toMillis() + "ms " + cause.getSQLState());
    }

    @Override
    public void attemptFinished(String operation, int attempt, Throwable failure) {
        String outcome = failure == null ? "ok" : failure instanceof SQLException
                ? String.valueOf(((SQLException) failure).getSQLState()) : failure.getClass().getSimpleName();
        events.add("attempt " + operation + " " + attempt + " " + outcome);
    }

    @Override
    public void callRejected(CircuitState state) {
        events.add("rejected " + state);
    }

    @Override
    public void circuitStateChanged(CircuitState from, CircuitState to) {
        events.add("state " + from + "->" + to);
    }

    /** @return the events so far, in order */
    public List<String> events() {
        return List.copyOf(events);
    }

    /**
     * @param prefix an event prefix such as {@code "state"}
     * @return the events starting with it
     */
    public List<String> events(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
    }
}
