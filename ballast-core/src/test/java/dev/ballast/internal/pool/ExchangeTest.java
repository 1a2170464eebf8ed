package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slot array's own logic, without a pool around it. */
class ExchangeTest {

    /**
     * A pool that opens connections on demand holds fewer than MaxPoolSize, packed into the lowest slots. A borrower
     * thread's scan must start at one of them: one that starts at an empty slot runs on to the first open connection,
     * where the scans of every such thread meet, so borrowers contend for the same few connections and none keeps its
     * own (4 clients on MinPoolSize 2 / MaxPoolSize 10, holding 4 connections, measured 0.947x a fixed pool of 10,
     * while a fixed pool of 4 measured 1.03x).
     */
    @Test
    void aBorrowerThreadStartsItsScanAtAnOpenConnectionWhenThePoolHoldsFewerThanItsMaximum() throws Exception {
        Exchange exchange = new Exchange(10, 0);
        for (int i = 0; i < 4; i++) {
            exchange.register(new PoolEntry(null, null, null, 0, Long.MAX_VALUE, 0));
        }
        List<Integer> hints = new ArrayList<>();
        for (int t = 0; t < 10; t++) { // ten threads: their ids cover every remainder of 10
            int[] hint = new int[1];
            Thread thread = new Thread(() -> hint[0] = exchange.hint());
            thread.start();
            thread.join();
            hints.add(hint[0]);
        }
        assertThat(hints).as("scan start slots").allSatisfy(h -> assertThat(exchange.slot(h)).isNotNull());
        assertThat(hints).as("spread over the open connections").contains(0, 1, 2, 3);
    }

    /**
     * EnablePoolAutoTuning: a lowered limit keeps borrowers to the lowest slots, and a connection above it is parked
     * when it comes back (open, idle, handed to no one). When the limit rises again it serves at once, with no new
     * connection: a probe one step down and back costs the server no connection.
     */
    @Test
    void aConnectionAboveTheLimitParksWhenReturnedAndServesAgainWhenTheLimitRises() {
        Exchange exchange = new Exchange(4, 0);
        List<PoolEntry> open = openIdle(exchange, 3);
        List<PoolEntry> borrowed = takeAll(exchange);
        assertThat(borrowed).hasSize(3);
        exchange.limit(2, 0);
        for (PoolEntry e : borrowed) {
            exchange.offer(e, 0);
        }
        assertThat(takeAll(exchange)).as("borrowers keep to the limit").hasSize(2).doesNotContain(open.get(2));
        assertThat(open.get(2).state()).as("the third is parked, open and idle").isEqualTo(PoolEntry.IDLE);
        assertThat(exchange.idleCount()).as("a parked connection serves no one").isZero();

        exchange.limit(3, 0);
        assertThat(exchange.takeIdle(exchange.hint())).as("the parked connection, at once").isSameAs(open.get(2));
    }

    /**
     * A connection closed below the limit (its lifetime ended, say) must not leave the pool one short while another
     * sits parked above it: the parked one takes the freed slot.
     */
    @Test
    void aParkedConnectionMovesIntoASlotFreedBelowTheLimit() {
        Exchange exchange = new Exchange(4, 0);
        List<PoolEntry> open = openIdle(exchange, 3);
        takeAll(exchange);
        exchange.limit(2, 0);
        exchange.offer(open.get(2), 0); // parked
        exchange.unregister(open.get(0)); // closed while borrowed
        exchange.relocateParked(0);
        assertThat(open.get(2).slot).as("moved below the limit").isLessThan(2);
        assertThat(exchange.slot(2)).as("and out of its old slot").isNull();
        assertThat(exchange.takeIdle(exchange.hint())).isSameAs(open.get(2));

        // and a connection coming back above the limit takes a free usable slot rather than park
        Exchange again = new Exchange(4, 0);
        List<PoolEntry> three = openIdle(again, 3);
        takeAll(again);
        again.limit(2, 0);
        again.unregister(three.get(0));
        again.offer(three.get(2), 0);
        assertThat(three.get(2).slot).isLessThan(2);
        assertThat(again.slot(2)).isNull();
        assertThat(again.takeIdle(again.hint())).isSameAs(three.get(2));
    }

    /**
     * A thread that borrows again takes back the connection it returned last when that one is idle, whichever slot its
     * scan would start at: each connection in turn is returned last and must come back.
     */
    @Test
    void aThreadTakesBackTheConnectionItReturnedLast() {
        Exchange exchange = new Exchange(4, 0);
        List<PoolEntry> open = openIdle(exchange, 4);
        for (PoolEntry last : open) {
            List<PoolEntry> borrowed = takeAll(exchange);
            assertThat(borrowed).hasSize(4);
            for (PoolEntry e : borrowed) {
                if (e != last) {
                    giveBack(exchange, e);
                }
            }
            giveBack(exchange, last);
            assertThat(exchange.claimIdle(PoolEntry.IN_USE)).as("the connection returned last").isSameAs(last);
            giveBack(exchange, last);
        }
    }

    /** The connection a thread returned last is only a hint: in use by another thread, or closed, it is passed over. */
    @Test
    void theConnectionReturnedLastIsPassedOverWhenAnotherThreadHoldsItOrItIsClosed() throws Exception {
        Exchange exchange = new Exchange(4, 0);
        List<PoolEntry> open = openIdle(exchange, 2);
        PoolEntry mine = exchange.claimIdle(PoolEntry.IN_USE);
        giveBack(exchange, mine);
        PoolEntry[] theirs = new PoolEntry[1];
        Thread other = new Thread(() -> theirs[0] = exchange.takeIdle(open.indexOf(mine)));
        other.start();
        other.join();
        assertThat(theirs[0]).as("another thread takes it").isSameAs(mine);
        PoolEntry next = exchange.claimIdle(PoolEntry.IN_USE);
        assertThat(next).as("the other idle connection").isNotNull().isNotSameAs(mine);

        giveBack(exchange, next);
        next.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED);
        exchange.unregister(next); // closed while idle (say its lifetime ended)
        assertThat(exchange.lastReturned()).as("forgotten: the pool keeps no closed connection").isNull();
        giveBack(exchange, mine);
        assertThat(exchange.claimIdle(PoolEntry.IN_USE)).as("still taken from the slots").isSameAs(mine);
        assertThat(exchange.claimIdle(PoolEntry.IN_USE)).as("the closed one is never handed out").isNull();
    }

    /** EnablePoolAutoTuning: the connection a thread returned last stays parked while it sits above a lowered limit. */
    @Test
    void theConnectionReturnedLastStaysParkedAboveALoweredLimit() {
        Exchange exchange = new Exchange(4, 0);
        List<PoolEntry> open = openIdle(exchange, 3);
        takeAll(exchange);
        exchange.limit(2, 0);
        giveBack(exchange, open.get(0));
        giveBack(exchange, open.get(1));
        giveBack(exchange, open.get(2)); // parked, and this thread's last
        assertThat(exchange.claimIdle(PoolEntry.IN_USE)).isIn(open.get(0), open.get(1));
        assertThat(exchange.claimIdle(PoolEntry.IN_USE)).isIn(open.get(0), open.get(1));
        assertThat(exchange.claimIdle(PoolEntry.IN_USE)).as("nothing below the limit is idle").isNull();
        assertThat(open.get(2).state()).as("parked: open and idle").isEqualTo(PoolEntry.IDLE);
    }

    /** Shutdown closes parked connections too. */
    @Test
    void shutdownFindsParkedConnections() {
        Exchange exchange = new Exchange(4, 0);
        List<PoolEntry> open = openIdle(exchange, 3);
        exchange.limit(1, 0);
        List<PoolEntry> found = new ArrayList<>();
        PoolEntry e;
        while ((e = exchange.takeAnyIdle()) != null) {
            found.add(e);
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(open);
    }

    private static List<PoolEntry> openIdle(Exchange exchange, int n) {
        List<PoolEntry> open = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PoolEntry e = new PoolEntry(null, null, null, 0, Long.MAX_VALUE, 0);
            exchange.register(e);
            exchange.offerNew(e);
            open.add(e);
        }
        return open;
    }

    /** What a borrower's thread does when it gives a connection back. */
    private static void giveBack(Exchange exchange, PoolEntry e) {
        exchange.returnedBy(e);
        exchange.offer(e, 0);
    }

    private static List<PoolEntry> takeAll(Exchange exchange) {
        List<PoolEntry> taken = new ArrayList<>();
        PoolEntry e;
        while ((e = exchange.takeIdle(exchange.hint())) != null) {
            taken.add(e);
        }
        return taken;
    }
}
