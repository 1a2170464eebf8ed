package dev.ballast.internal.topology;

import dev.ballast.internal.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The one background monitor of a cluster: every host is probed on its own daemon thread at the probe interval, so a
 * host that hangs delays only its own probes, and {@link #wake()} probes every host at once (a connection reported
 * 25006, 57P01 or class 08). Each answer goes into the {@link TopologyState}. {@link #close()} stops the threads and
 * closes the probe connections. Thread-safe.
 */
final class TopologyMonitor implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TopologyMonitor.class);

    private final List<HostProber> probers;
    private final TopologyState state;
    private final Clock clock;
    private final List<ScheduledExecutorService> threads = new ArrayList<>();
    private final List<AtomicBoolean> wakeQueued = new ArrayList<>();
    private final List<AtomicInteger> probesDone = new ArrayList<>();
    private final BiConsumer<Integer, ProbeResult> afterProbe;

    /**
     * @param probers one per host
     * @param state where answers go
     * @param clock the clock
     * @param name the threads' name prefix
     * @param afterProbe told of each answer after the state has it (the hosts' breakers take it as their trial)
     */
    TopologyMonitor(List<HostProber> probers, TopologyState state, Clock clock, String name,
            BiConsumer<Integer, ProbeResult> afterProbe) {
        this.afterProbe = afterProbe;
        this.probers = probers;
        this.state = state;
        this.clock = clock;
        for (int i = 0; i < probers.size(); i++) {
            String threadName = name + "-" + i;
            threads.add(Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            }));
            wakeQueued.add(new AtomicBoolean());
            probesDone.add(new AtomicInteger());
        }
    }

    /**
     * Starts probing every host now and then at the interval.
     *
     * @param intervalNanos the probe interval
     */
    void start(long intervalNanos) {
        for (int i = 0; i < probers.size(); i++) {
            int host = i;
            threads.get(i).scheduleWithFixedDelay(() -> probe(host), 0, intervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Probes every host now (in addition to the schedule); a wake already queued for a host covers this one. */
    void wake() {
        for (int i = 0; i < probers.size(); i++) {
            int host = i;
            if (wakeQueued.get(i).compareAndSet(false, true)) {
                try {
                    threads.get(i).execute(() -> {
                        wakeQueued.get(host).set(false);
                        probe(host);
                    });
                } catch (RejectedExecutionException closed) {
                    return;
                }
            }
        }
    }

    /**
     * @param host a host's index
     * @return how many probes of it have finished, for tests and diagnostics
     */
    int probes(int host) {
        return probesDone.get(host).get();
    }

    /**
     * @param host a host's index
     * @return whether its probe connection is open now
     */
    boolean connected(int host) {
        return probers.get(host).connected();
    }

    private void probe(int host) {
        try {
            ProbeResult result = probers.get(host).probe();
            state.probed(host, result, clock.nanoTime());
            afterProbe.accept(host, result);
        } catch (RuntimeException e) {
            LOG.warn("Topology monitor: handling the probe of host {} failed", host, e); // keep the schedule alive
        }
        probesDone.get(host).incrementAndGet();
    }

    @Override
    public void close() {
        for (ScheduledExecutorService t : threads) {
            t.shutdownNow();
        }
        for (int i = 0; i < threads.size(); i++) {
            try {
                if (!threads.get(i).awaitTermination(5, TimeUnit.SECONDS)) {
                    continue; // a probe stuck in I/O: its socket timeout ends it; the thread is a daemon
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            probers.get(i).close();
        }
    }
}
