package dev.ballast.internal.topology;

import dev.ballast.event.BallastListener;
import dev.ballast.internal.resilience.MonitoredBreaker;
import dev.ballast.internal.time.Clock;
import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.CircuitState;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's circuit breaker, with the pool-wide breaker's rules (CircuitBreakerThreshold, FailureRatio, sampling
 * window, CircuitBreakerDurationSeconds), fed by that host's own pool: a borrow returned is a call, a transient error
 * raised on one of its connections (the classification table's "counts for the breaker", which leaves out 25006)
 * or a failed connect is a failed call, so a borrow that failed counts once. While it is not closed the host gets no
 * callers ({@link HostView#broken()}); the half-open trial is the monitor's next probe after the break duration, never a
 * caller. It listens to the host's pool events (connection returned, connect failed). Thread-safe.
 */
final class HostBreaker implements BallastListener {

    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

    private final MonitoredBreaker breaker;
    private final SqlStateClassifier classifier;
    private final int maxUnreturned;
    private final AtomicInteger failedUnreturned = new AtomicInteger();

    /**
     * @param host the host, for the log
     * @param config the breaker's rules
     * @param classifier which errors count
     * @param maxConnections the host pool's size: at most that many failed borrows wait for their return
     * @param clock the clock
     * @param changed told when the breaker leaves the closed state (true) or closes again (false)
     */
    HostBreaker(String host, CircuitBreakerConfig config, SqlStateClassifier classifier, int maxConnections,
            Clock clock, java.util.function.Consumer<Boolean> changed) {
        this.classifier = classifier;
        this.maxUnreturned = maxConnections;
        this.breaker = new MonitoredBreaker(config, clock, new BallastListener() {
            @Override
            public void circuitStateChanged(CircuitState from, CircuitState to) {
                if (to == CircuitState.OPEN && from == CircuitState.CLOSED) {
                    LOG.warn("Host {}: its circuit breaker opened; no caller is sent to it until the monitor's probe"
                            + " after {} succeeds", host, config.breakDuration());
                } else if (to == CircuitState.CLOSED) {
                    LOG.info("Host {}: its circuit breaker closed (the monitor's probe succeeded)", host);
                }
                changed.accept(to != CircuitState.CLOSED);
            }
        });
    }

    /** @return the breaker's state now */
    CircuitState state() {
        return breaker.state();
    }

    /**
     * An error raised on one of the host's connections.
     *
     * @param e the error
     */
    void failedOnConnection(SQLException e) {
        if (!classifier.countsForBreaker(e)) {
            return;
        }
        breaker.failure();
        for (int n = failedUnreturned.get(); n < maxUnreturned; n = failedUnreturned.get()) {
            if (failedUnreturned.compareAndSet(n, n + 1)) {
                return; // its return will not count as a success
            }
        }
    }

    /** @param healthy whether the monitor's probe of the host succeeded: the half-open trial once the break is over */
    void probed(boolean healthy) {
        breaker.trial(healthy);
    }

    @Override
    public void connectionReturned(long useNanos) {
        for (int n = failedUnreturned.get(); n > 0; n = failedUnreturned.get()) {
            if (failedUnreturned.compareAndSet(n, n - 1)) {
                return; // the borrow failed; counted already
            }
        }
        breaker.success();
    }

    @Override
    public void connectionFailed(long elapsedNanos, SQLException cause) {
        if (classifier.countsForBreaker(cause)) {
            breaker.failure();
        }
    }
}
