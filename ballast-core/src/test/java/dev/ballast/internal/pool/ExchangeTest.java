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

    private static List<PoolEntry> takeAll(Exchange exchange) {
        List<PoolEntry> taken = new ArrayList<>();
        PoolEntry e;
        while ((e = exchange.takeIdle(exchange.hint())) != null) {
            taken.add(e);
        }
        return taken;
    }
}
