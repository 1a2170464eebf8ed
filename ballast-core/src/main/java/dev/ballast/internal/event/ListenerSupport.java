package dev.ballast.internal.event;

import dev.ballast.alert.Alert;
import dev.ballast.event.BallastListener;
import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.event.PoolTuning;
import dev.ballast.resilience.CircuitState;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches each event to every registered listener, isolating the caller from a listener that throws: the
 * failure is logged and the remaining listeners still run. Allocation-free for the primitive-only events.
 */
public final class ListenerSupport implements BallastListener {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerSupport.class);

    private final BallastListener[] listeners;
    /** The listeners that override {@link #connectionBorrowed}: the per-borrow event skips the others. */
    private final BallastListener[] borrowListeners;
    /** The listeners that override {@link #connectionReturned}: the per-return event skips the others. */
    private final BallastListener[] returnListeners;

    /**
     * @param listeners the listeners, called in this order
     */
    public ListenerSupport(List<? extends BallastListener> listeners) {
        this.listeners = listeners.toArray(new BallastListener[0]);
        this.borrowListeners = overriding(this.listeners, "connectionBorrowed");
        this.returnListeners = overriding(this.listeners, "connectionReturned");
    }

    /**
     * @return whether any listener overrides {@link #connectionReturned}: only then does the pool time each borrow
     *     with the precise clock (two clock readings per borrow-and-return cycle instead of none)
     */
    public boolean timesHolds() {
        return returnListeners.length > 0;
    }

    /**
     * The listeners whose class overrides one of the per-borrow events (the only events on the pool's hot path), so
     * that a listener keeping the no-op default costs nothing there: with the usual four listeners (metrics, alerts,
     * tracing and the alert inputs) one of them times borrows.
     *
     * @param all the listeners
     * @param method the name of a {@code (long)} event method
     * @return those that override it (a listener whose class cannot be inspected is kept)
     */
    private static BallastListener[] overriding(BallastListener[] all, String method) {
        return java.util.Arrays.stream(all).filter(l -> {
            try {
                return l.getClass().getMethod(method, long.class).getDeclaringClass() != BallastListener.class;
            } catch (NoSuchMethodException | RuntimeException e) {
                return true;
            }
        }).toArray(BallastListener[]::new);
    }

    /** @return a dispatcher with no listeners */
    public static ListenerSupport none() {
        return new ListenerSupport(List.of());
    }

    /**
     * @param extra a listener to add
     * @return a new dispatcher with this one's listeners followed by {@code extra}
     */
    public ListenerSupport with(BallastListener extra) {
        BallastListener[] all = java.util.Arrays.copyOf(listeners, listeners.length + 1);
        all[listeners.length] = extra;
        return new ListenerSupport(List.of(all));
    }

    private void failed(BallastListener listener, RuntimeException e) {
        LOG.warn("Ballast listener {} threw; ignoring it", listener.getClass().getName(), e);
    }

    private void each(Consumer<BallastListener> event) {
        for (BallastListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void connectionOpening() {
        for (BallastListener l : listeners) {
            try {
                l.connectionOpening();
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void connectionOpened(long openNanos) {
        for (BallastListener l : listeners) {
            try {
                l.connectionOpened(openNanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void connectionFailed(long elapsedNanos, SQLException cause) {
        each(l -> l.connectionFailed(elapsedNanos, cause));
    }

    @Override
    public void connectionClosed(ConnectionCloseReason reason) {
        each(l -> l.connectionClosed(reason));
    }

    @Override
    public void connectionBorrowed(long waitNanos) {
        for (BallastListener l : borrowListeners) {
            try {
                l.connectionBorrowed(waitNanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void connectionReturned(long useNanos) {
        for (BallastListener l : returnListeners) {
            try {
                l.connectionReturned(useNanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void poolLimitTuned(PoolTuning tuning) {
        each(l -> l.poolLimitTuned(tuning));
    }

    @Override
    public void borrowTimeout(long waitNanos) {
        each(l -> l.borrowTimeout(waitNanos));
    }

    @Override
    public void connectionLeakSuspected(long heldNanos, Throwable borrowSite) {
        each(l -> l.connectionLeakSuspected(heldNanos, borrowSite));
    }

    @Override
    public void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {
        each(l -> l.retryScheduled(operation, attempt, delay, cause));
    }

    @Override
    public void attemptFinished(String operation, int attempt, Throwable failure) {
        for (BallastListener l : listeners) {
            try {
                l.attemptFinished(operation, attempt, failure);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void callRejected(CircuitState state) {
        each(l -> l.callRejected(state));
    }

    @Override
    public void circuitStateChanged(CircuitState from, CircuitState to) {
        each(l -> l.circuitStateChanged(from, to));
    }

    @Override
    public void alertFired(Alert alert) {
        each(l -> l.alertFired(alert));
    }

    @Override
    public void alertCleared(Alert alert) {
        each(l -> l.alertCleared(alert));
    }

    @Override
    public void hostRoleChanged(String host, String fromRole, String toRole) {
        each(l -> l.hostRoleChanged(host, fromRole, toRole));
    }

    @Override
    public void primaryChanged(String from, String to) {
        each(l -> l.primaryChanged(from, to));
    }
}
