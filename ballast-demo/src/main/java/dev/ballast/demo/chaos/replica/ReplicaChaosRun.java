package dev.ballast.demo.chaos.replica;

import dev.ballast.demo.chaos.WriteStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs a {@link ReplicaChaosPlan}: starts the clients, prints a live line per second, injects and repairs each fault
 * at its time, stops the clients, and checks every acknowledged write against the surviving primary. One run per
 * instance. Threads: one per client and one for the live line, all stopped before {@link #run()} returns.
 */
public final class ReplicaChaosRun {

    private final ReplicaChaosPlan plan;
    private final ReplicaClient client;
    private final ReplicaFaults faults;
    private final WriteStore store;
    private final LongSupplier clock;
    private final PrintStream out;
    private volatile boolean running = true;

    /**
     * @param plan what to do
     * @param client how clients write and read
     * @param faults breaks and repairs the replica set
     * @param store the current primary, read directly for verification
     * @param clock a monotonic clock in nanoseconds
     * @param out where the live lines go
     */
    public ReplicaChaosRun(ReplicaChaosPlan plan, ReplicaClient client, ReplicaFaults faults, WriteStore store,
            LongSupplier clock, PrintStream out) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.client = Objects.requireNonNull(client, "client");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * @return the report
     * @throws Exception if the database cannot be read for verification
     */
    public ReplicaChaosReport run() throws Exception {
        long start = clock.getAsLong();
        ReplicaTally tally = new ReplicaTally(start);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plan.clients(); i++) {
            threads.add(start("replica-chaos-client-" + (i + 1),
                    new ReplicaLoadClient(client, tally, clock, () -> running, 2000L + i)));
        }
        Thread reporter = start("replica-chaos-live", () -> liveLines(tally, start));
        try {
            for (ReplicaChaosPlan.Step step : plan.steps()) {
                waitUntil(start + step.at().toNanos());
                if (clock.getAsLong() - start >= plan.duration().toNanos()) {
                    out.println("   (no time left for the remaining faults)");
                    break;
                }
                inject(tally, step);
            }
            waitUntil(start + plan.duration().toNanos());
        } finally {
            running = false;
            faults.repairAll();
            for (Thread t : threads) {
                t.join(60_000);
            }
            reporter.interrupt();
            reporter.join(5_000);
        }
        out.println("Load stopped; checking every acknowledged write on the primary ...");
        return ReplicaChaosReport.verify(plan, tally, store.rowsByKey());
    }

    private void inject(ReplicaTally tally, ReplicaChaosPlan.Step step) {
        int window = tally.openWindow(step.fault(), clock.getAsLong());
        String note;
        try {
            note = faults.inject(step.fault());
        } catch (Exception e) {
            tally.faultFailed(window, e.toString());
            out.println("   !! could not inject " + step.fault().label() + ": " + e);
            return;
        }
        out.printf(Locale.ROOT, "   >> fault #%d: %s (%s)%n", window, step.fault().label(), note);
        waitUntil(clock.getAsLong() + step.hold().toNanos());
        try {
            String repaired = faults.repair(step.fault());
            tally.repaired(window, clock.getAsLong(), note + "; " + repaired);
            out.printf(Locale.ROOT, "   << fault #%d repaired: %s%n", window, repaired);
        } catch (Exception e) {
            tally.faultFailed(window, "repair failed: " + e);
            out.println("   !! could not repair " + step.fault().label() + ": " + e);
        }
    }

    private void liveLines(ReplicaTally tally, long start) {
        ReplicaTally.Count[] shown = ReplicaTally.Count.values();
        long[] last = new long[shown.length];
        long next = start + TimeUnit.SECONDS.toNanos(1);
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(next - clock.getAsLong());
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (clock.getAsLong() - next < 0) {
                continue; // woke early
            }
            long[] now = new long[shown.length];
            for (ReplicaTally.Count c : shown) {
                now[c.ordinal()] = tally.total(c);
            }
            ReplicaFault fault = tally.currentFault();
            out.printf(Locale.ROOT, "%4ds  writes ok %5d failed %4d in-doubt %2d | reads %5d on standby %5d "
                            + "stale %2d failed %4d%s%n", TimeUnit.NANOSECONDS.toSeconds(next - start),
                    d(now, last, ReplicaTally.Count.WRITES_ACKED), d(now, last, ReplicaTally.Count.WRITES_FAILED),
                    d(now, last, ReplicaTally.Count.WRITES_IN_DOUBT), d(now, last, ReplicaTally.Count.READS),
                    d(now, last, ReplicaTally.Count.READS_ON_STANDBY), d(now, last, ReplicaTally.Count.STALE_READS),
                    d(now, last, ReplicaTally.Count.READS_FAILED), fault == null ? "" : " | fault: " + fault.label());
            last = now;
            next += TimeUnit.SECONDS.toNanos(1);
        }
    }

    private static long d(long[] now, long[] last, ReplicaTally.Count c) {
        return now[c.ordinal()] - last[c.ordinal()];
    }

    private void waitUntil(long deadline) {
        long remaining;
        while ((remaining = deadline - clock.getAsLong()) > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(remaining);
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
