package dev.ballast.demo.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs a {@link ChaosPlan} against a running tickets service: starts the clients, prints a live line per second,
 * injects and restores each fault at its time, stops the clients, restores the database, and checks every write
 * against the {@link WriteStore}. One run per instance.
 *
 * <p>Threads: one per client, one for the live line; faults are injected from the calling thread. Every thread is
 * stopped before {@link #run()} returns.
 */
public final class ChaosRun {

    private final ChaosPlan plan;
    private final URI api;
    private final FaultInjector faults;
    private final ServiceGauges gauges;
    private final WriteStore store;
    private final LongSupplier clock;
    private final PrintStream out;
    private volatile boolean running = true;

    /**
     * @param plan what to do
     * @param api the service's base URI
     * @param faults breaks and repairs the database
     * @param gauges the breaker and pool, for the live line
     * @param store the database, read directly for verification
     * @param clock a monotonic clock in nanoseconds ({@code System::nanoTime})
     * @param out where the live lines and fault notes go
     */
    public ChaosRun(ChaosPlan plan, URI api, FaultInjector faults, ServiceGauges gauges, WriteStore store,
            LongSupplier clock, PrintStream out) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.api = Objects.requireNonNull(api, "api");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.gauges = Objects.requireNonNull(gauges, "gauges");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Runs the plan and verifies the writes.
     *
     * @return the report
     * @throws Exception if the database cannot be read for verification
     */
    public ChaosReport run() throws Exception {
        long start = clock.getAsLong();
        Tally tally = new Tally(start);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong highestId = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plan.clients(); i++) {
            LoadClient client = new LoadClient(http, api, tally, clock, () -> running, highestId, 1000L + i, i + 1);
            threads.add(start("chaos-client-" + (i + 1), client));
        }
        Thread reporter = start("chaos-live", () -> liveLines(tally, start));
        try {
            for (ScheduledFault fault : plan.faults()) {
                waitUntil(start + fault.at().toNanos());
                if (clock.getAsLong() - start >= plan.duration().toNanos()) {
                    out.println("   (no time left for the remaining faults)");
                    break;
                }
                inject(tally, fault);
            }
            waitUntil(start + plan.duration().toNanos());
        } finally {
            running = false;
            faults.restoreAll();
            for (Thread t : threads) {
                t.join(LoadClient.REQUEST_TIMEOUT.toMillis() + 5_000);
            }
            reporter.interrupt();
            reporter.join(5_000);
        }
        out.println("Load stopped; checking every write against the database ...");
        return ChaosReport.verify(plan, tally, store.rowsByKey());
    }

    private void inject(Tally tally, ScheduledFault fault) {
        int window = tally.openWindow(fault.kind(), clock.getAsLong());
        out.printf(Locale.ROOT, "   >> fault #%d: %s%n", window, describe(fault));
        String note;
        try {
            note = faults.inject(fault.kind());
        } catch (Exception e) {
            tally.faultFailed(window, e.toString());
            out.println("   !! could not inject " + fault.kind().label() + ": " + e);
            return;
        }
        waitUntil(clock.getAsLong() + fault.hold().toNanos());
        try {
            faults.restore(fault.kind());
            long restored = clock.getAsLong();
            tally.restored(window, restored, note);
            String what = fault.kind() == FaultKind.PARTITION ? "network healed"
                    : fault.kind() == FaultKind.TERMINATE ? "done" : "server running again";
            out.printf(Locale.ROOT, "   << fault #%d %s%s%n", window, what, note.isEmpty() ? "" : " (" + note + ")");
        } catch (Exception e) {
            tally.faultFailed(window, "restore failed: " + e);
            out.println("   !! could not restore after " + fault.kind().label() + ": " + e);
        }
    }

    private static String describe(ScheduledFault fault) {
        switch (fault.kind()) {
            case STOP:
                return String.format(Locale.ROOT, "stop PostgreSQL (fast shutdown), down for %.1f s",
                        fault.hold().toMillis() / 1e3);
            case CRASH:
                return "crash PostgreSQL (SIGKILL the postmaster), then restart with crash recovery";
            case TERMINATE:
                return "terminate every backend (pg_terminate_backend)";
            default:
                return String.format(Locale.ROOT, "network partition (proxy black hole) for %.1f s",
                        fault.hold().toMillis() / 1e3);
        }
    }

    private void liveLines(Tally tally, long start) {
        long[] last = new long[Outcome.values().length];
        long next = start + TimeUnit.SECONDS.toNanos(1);
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(next - clock.getAsLong());
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (clock.getAsLong() - next < 0) {
                continue; // woke early
            }
            long[] now = new long[last.length];
            for (Outcome o : Outcome.values()) {
                now[o.ordinal()] = tally.total(o);
            }
            long requests = 0;
            for (int i = 0; i < now.length; i++) {
                requests += now[i] - last[i];
            }
            FaultKind fault = tally.currentFault();
            out.printf(Locale.ROOT, "%4ds %6d req/s  ok %6d  fast-fail %5d  503 %4d  in-doubt %2d  errors %4d"
                            + " | breaker %-9s | pool used %2d idle %2d pending %3d%s%n",
                    TimeUnit.NANOSECONDS.toSeconds(next - start), requests,
                    delta(now, last, Outcome.SUCCEEDED), delta(now, last, Outcome.FAILED_FAST),
                    delta(now, last, Outcome.UNAVAILABLE), delta(now, last, Outcome.IN_DOUBT),
                    delta(now, last, Outcome.ERROR), safe(gauges::circuitState), gauges.used(), gauges.idle(),
                    gauges.pending(), fault == null ? "" : " | fault: " + fault.label());
            last = now;
            next += TimeUnit.SECONDS.toNanos(1);
        }
    }

    private static long delta(long[] now, long[] last, Outcome o) {
        return now[o.ordinal()] - last[o.ordinal()];
    }

    private static String safe(Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return "?";
        }
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
