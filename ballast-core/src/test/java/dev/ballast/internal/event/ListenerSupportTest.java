package dev.ballast.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.event.BallastListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher sends the per-borrow and per-return events only to the listeners that override them (the others'
 * no-op defaults are skipped), yet every listener that does override one receives it, whether the override is in its
 * own class or inherited, and a listener that throws never keeps the event from the ones after it.
 */
class ListenerSupportTest {

    /** Times returns in a superclass: its subclasses inherit the override. */
    static class ReturnTimer implements BallastListener {
        final List<Long> returned = new ArrayList<>();

        @Override
        public void connectionReturned(long useNanos) {
            returned.add(useNanos);
        }
    }

    static final class InheritsReturnTimer extends ReturnTimer {
    }

    @Test
    void borrowAndReturnEventsReachEveryListenerThatOverridesThemAndOnlyThose() {
        List<Long> borrowed = new ArrayList<>();
        List<String> others = new ArrayList<>();
        BallastListener borrowTimer = new BallastListener() {
            @Override
            public void connectionBorrowed(long waitNanos) {
                borrowed.add(waitNanos);
            }
        };
        BallastListener throwing = new BallastListener() {
            @Override
            public void connectionBorrowed(long waitNanos) {
                throw new IllegalStateException("a listener's bug");
            }

            @Override
            public void connectionReturned(long useNanos) {
                throw new IllegalStateException("a listener's bug");
            }
        };
        BallastListener opensOnly = new BallastListener() {
            @Override
            public void connectionOpened(long openNanos) {
                others.add("opened " + openNanos);
            }
        };
        InheritsReturnTimer returnTimer = new InheritsReturnTimer();
        ListenerSupport support = new ListenerSupport(List.of(throwing, borrowTimer, opensOnly, returnTimer));

        support.connectionBorrowed(7);
        support.connectionReturned(11);
        support.connectionOpened(13);

        assertThat(borrowed).containsExactly(7L);
        assertThat(returnTimer.returned).containsExactly(11L);
        assertThat(others).containsExactly("opened 13");
    }

    @Test
    void aNestedDispatcherStillReceivesTheHotEvents() {
        ReturnTimer inner = new ReturnTimer();
        ListenerSupport outer = new ListenerSupport(List.of(new ListenerSupport(List.of(inner))));

        outer.connectionReturned(3);

        assertThat(inner.returned).containsExactly(3L);
    }
}
