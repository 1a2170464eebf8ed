package dev.ballast.http.internal;

import dev.ballast.health.HealthReport;
import dev.ballast.health.HealthStatus;
import dev.ballast.pool.PoolStats;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the pool's state and the recorder's counters into one {@link Sample} a second, detects eviction storms,
 * and keeps the last health status (refreshed separately, since a health check opens a connection). Call
 * {@link #sample(long)} from one thread; {@link #checkHealth()} from one (possibly other) thread.
 */
public final class Sampler {

    private static final double NANOS_PER_MILLI = 1e6;
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    private final PoolSource source;
    private final Recorder recorder;
    private final SampleRing ring;
    private final int stormThreshold;
    private final long[] evictions;
    private int slot;
    private long stormQuietUntil;
    private long samples;
    private volatile String health = "Unknown";
    private volatile String healthDescription = "not checked yet";
    private String lastFailure = "";
    private String lastFailureId = "";

    /**
     * @param source the pool
     * @param recorder the listener whose counters are drained
     * @param ring where samples go
     * @param stormThreshold evictions within {@code stormWindowSeconds} samples that make an eviction storm
     * @param stormWindowSeconds the storm window, in samples
     */
    public Sampler(PoolSource source, Recorder recorder, SampleRing ring, int stormThreshold,
            int stormWindowSeconds) {
        this.source = Objects.requireNonNull(source, "source");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.ring = Objects.requireNonNull(ring, "ring");
        this.stormThreshold = stormThreshold;
        this.evictions = new long[stormWindowSeconds];
    }

    /**
     * Takes one sample, closing the second that ends now.
     *
     * @param epochMillis the wall-clock time of the sample
     */
    public void sample(long epochMillis) {
        PoolStats s = source.stats();
        WaitHistogram.Quantiles waits = recorder.waits.drain();
        long evicted = recorder.evicted.sumThenReset();
        ring.add(new Sample(epochMillis, s.used(), s.idle(), s.pending(), s.max(), waits.count(),
                waits.p50Nanos() / NANOS_PER_MILLI, waits.p99Nanos() / NANOS_PER_MILLI,
                recorder.timeouts.sumThenReset(), recorder.opened.sumThenReset(), recorder.closed.sumThenReset(),
                recorder.failed.sumThenReset(), recorder.retries.sumThenReset(), source.circuitState().name(),
                health, source.activeAlerts().size(), recorder.limit(s.max())));
        detectStorm(evicted);
    }

    private void detectStorm(long evicted) {
        samples++;
        evictions[slot] = evicted;
        slot = (slot + 1) % evictions.length;
        long inWindow = 0;
        for (long e : evictions) {
            inWindow += e;
        }
        if (inWindow >= stormThreshold && samples >= stormQuietUntil) {
            recorder.event("eviction_storm", "warning", inWindow + " connections evicted in the last "
                    + evictions.length + " s (broken connections, failed validation or evictAll)");
            stormQuietUntil = samples + 60; // at most one storm event a minute
        }
    }

    /** Runs the health check and remembers its status; a change is written to the event log. */
    public void checkHealth() {
        String status;
        String description;
        try {
            HealthReport r = source.health();
            status = r.status().displayName();
            description = PublicErrors.redact(r, failureId(r.status() == HealthStatus.UNHEALTHY ? r.description() : ""))
                    .description();
        } catch (RuntimeException e) {
            status = "Unhealthy";
            description = "the health check failed (correlation id " + failureId(e.toString()) + ")";
        }
        String before = health;
        healthDescription = description;
        health = status;
        if (!before.equals(status) && !"Unknown".equals(before)) {
            recorder.event("health_changed", "Healthy".equals(status) ? "info" : "warning",
                    "Health " + before + " -> " + status + ": " + description);
        }
    }

    /**
     * Keeps one correlation id per distinct failure text, so the page shows the server's words never, and the log
     * shows them once per change rather than once per check.
     */
    private String failureId(String failure) {
        if (failure.isEmpty() || failure.equals(lastFailure)) {
            return lastFailureId;
        }
        lastFailure = failure;
        lastFailureId = PublicErrors.correlationId();
        LOG.warn("dashboard health check: Unhealthy [correlation id {}]: {}", lastFailureId, failure);
        return lastFailureId;
    }

    /** @return the last health status: Healthy, Degraded, Unhealthy or Unknown before the first check */
    public String health() {
        return health;
    }

    /** @return the last health check's description */
    public String healthDescription() {
        return healthDescription;
    }

    /**
     * @param max MaxPoolSize
     * @return the automatic sizing's concurrency limit, or {@code max} with tuning off
     */
    public int limit(int max) {
        return recorder.limit(max);
    }

    /** @return why the automatic sizing set its limit (lower case), or {@code off} */
    public String limitReason() {
        return recorder.limitReason();
    }
}
