package dev.ballast.http;

import com.sun.net.httpserver.HttpHandler;
import dev.ballast.Ballast;
import dev.ballast.alert.Alert;
import dev.ballast.event.BallastListener;
import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.event.PoolTuning;
import dev.ballast.http.internal.EventLog;
import dev.ballast.http.internal.FeedJson;
import dev.ballast.http.internal.PoolSource;
import dev.ballast.http.internal.Recorder;
import dev.ballast.http.internal.SampleRing;
import dev.ballast.http.internal.Sampler;
import dev.ballast.resilience.CircuitState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live pool dashboard: a {@link BallastListener} that samples the pool once a second on its own thread and
 * serves an HTML page ({@link #handler()}) and its JSON feed ({@link #feedHandler()}, documented in
 * {@code docs/dashboard.md}).
 *
 * <pre>{@code
 * Dashboard dashboard = Dashboard.create();
 * Ballast db = Ballast.start(options, openTelemetry, List.of(dashboard));   // it hears every event
 * dashboard.attach(db);                                                     // starts sampling
 * OpsServer ops = OpsServer.builder().readiness(db.healthCheck()::check).metrics(reader)
 *         .dashboard(dashboard)          // or .route("/dashboard", dashboard.handler())
 *         .start();                      //    .route("/dashboard/feed", dashboard.feedHandler())
 * ...
 * ops.close(); db.close(); dashboard.close();
 * }</pre>
 *
 * <p>The page is self-contained (inline CSS and JavaScript, hand-written SVG charts, no CDN), polls
 * {@code dashboard/feed} relative to itself every second, and adapts to phones and to dark mode. Nothing on it or
 * in the feed is a password. Thread-safe; {@link #close()} stops the sampler thread.
 */
public final class Dashboard implements BallastListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final String PAGE = "dashboard.html";

    private final Duration interval;
    private final Duration history;
    private final Duration healthInterval;
    private final Clock wall;
    private final SampleRing ring;
    private final Recorder recorder;
    private volatile PoolSource source;
    private volatile Sampler sampler;
    private volatile ScheduledThreadPoolExecutor scheduler;
    private volatile boolean closed;

    private Dashboard(Builder b) {
        this.interval = b.interval;
        this.history = b.history;
        this.healthInterval = b.healthInterval;
        this.wall = b.wall;
        this.ring = new SampleRing((int) Math.max(1, b.history.toMillis() / b.interval.toMillis()));
        this.recorder = new Recorder(new EventLog(b.events), b.wall);
    }

    /** @return a dashboard with the defaults: 5 minutes of history sampled every second, the last 50 events */
    public static Dashboard create() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts sampling {@code ballast} (which should have been started with this dashboard among its listeners, or
     * the rates, waits and events stay empty).
     *
     * @param ballast the running pool
     * @return this dashboard
     * @throws IllegalStateException if already attached or closed
     */
    public Dashboard attach(Ballast ballast) {
        return attach(PoolSource.of(Objects.requireNonNull(ballast, "ballast")), true);
    }

    /** Attaches to any source; without {@code schedule}, the caller drives {@link #sample(long)} (tests). */
    Dashboard attach(PoolSource pool, boolean schedule) {
        if (closed || this.source != null) {
            throw new IllegalStateException(closed ? "the dashboard is closed" : "the dashboard is already attached");
        }
        Sampler s = new Sampler(pool, recorder, ring, 5, 10);
        this.sampler = s;
        this.source = pool;
        if (schedule) {
            ScheduledThreadPoolExecutor exec = new ScheduledThreadPoolExecutor(2, r -> {
                Thread t = new Thread(r, "ballast-" + pool.poolName() + "-dashboard");
                t.setDaemon(true);
                return t;
            });
            exec.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            exec.scheduleAtFixedRate(() -> safely("sample", () -> s.sample(wall.millis())), interval.toMillis(),
                    interval.toMillis(), TimeUnit.MILLISECONDS);
            exec.scheduleWithFixedDelay(() -> safely("health", s::checkHealth), 0, healthInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
            scheduler = exec;
        }
        return this;
    }

    private static void safely(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("dashboard {} failed; will try again", what, e);
        }
    }

    /** Takes one sample now (tests drive this instead of the thread). */
    void sample(long epochMillis) {
        sampler.sample(epochMillis);
    }

    /** Runs the health check now (tests drive this instead of the thread). */
    void checkHealth() {
        sampler.checkHealth();
    }

    /** @return the feed JSON, as {@link #feedHandler()} serves it */
    byte[] feed() {
        PoolSource s = source;
        if (s == null) {
            throw new IllegalStateException("the dashboard is not attached to a pool yet");
        }
        return FeedJson.render(s, sampler, ring.snapshot(), recorder.events().newestFirst(), interval.toMillis(),
                history.toMillis(), wall.millis());
    }

    /**
     * The HTML page, for serving the dashboard from another web stack (a Spring Boot actuator endpoint, a servlet).
     * It polls {@code dashboard/feed} relative to its own address, so serve it at {@code <base>/dashboard} and
     * {@link #feedJson()} at {@code <base>/dashboard/feed}.
     *
     * @return the self-contained page, UTF-8 encoded (a fresh copy)
     */
    public byte[] pageHtml() {
        return page();
    }

    /**
     * The JSON feed the page polls, for serving the dashboard from another web stack; the same bytes
     * {@link #feedHandler()} answers with.
     *
     * @return the feed, UTF-8 encoded JSON
     * @throws IllegalStateException if the dashboard is not attached to a pool yet
     */
    public byte[] feedJson() {
        return feed();
    }

    /** @return the handler of the HTML page; route it at {@code /dashboard} */
    public HttpHandler handler() {
        byte[] page = page();
        return exchange -> {
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            OpsServer.respond(exchange, 200, "text/html; charset=utf-8", page);
        };
    }

    /** @return the handler of the JSON feed; route it at {@code /dashboard/feed} */
    public HttpHandler feedHandler() {
        return exchange -> {
            if (source == null) {
                OpsServer.respond(exchange, 503, "application/json",
                        "{\"error\":\"the dashboard is not attached to a pool yet\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            OpsServer.respond(exchange, 200, "application/json", feed());
        };
    }

    private static byte[] page() {
        try (InputStream in = Dashboard.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("dashboard page missing from the jar: " + PAGE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the sampler thread (waiting for a sample in progress). Idempotent. */
    @Override
    public void close() {
        closed = true;
        ScheduledThreadPoolExecutor exec = scheduler;
        if (exec != null) {
            exec.shutdownNow();
            try {
                exec.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------------------------------ listener events

    @Override
    public void connectionOpened(long openNanos) {
        recorder.connectionOpened(openNanos);
    }

    @Override
    public void connectionFailed(long elapsedNanos, SQLException cause) {
        recorder.connectionFailed(elapsedNanos, cause);
    }

    @Override
    public void connectionClosed(ConnectionCloseReason reason) {
        recorder.connectionClosed(reason);
    }

    @Override
    public void connectionBorrowed(long waitNanos) {
        recorder.connectionBorrowed(waitNanos);
    }

    @Override
    public void borrowTimeout(long waitNanos) {
        recorder.borrowTimeout(waitNanos);
    }

    @Override
    public void poolLimitTuned(PoolTuning tuning) {
        recorder.poolLimitTuned(tuning);
    }

    @Override
    public void connectionLeakSuspected(long heldNanos, Throwable borrowSite) {
        recorder.connectionLeakSuspected(heldNanos, borrowSite);
    }

    @Override
    public void retryScheduled(String operation, int attempt, Duration delay, SQLException cause) {
        recorder.retryScheduled(operation, attempt, delay, cause);
    }

    @Override
    public void circuitStateChanged(CircuitState from, CircuitState to) {
        recorder.circuitStateChanged(from, to);
    }

    @Override
    public void alertFired(Alert alert) {
        recorder.alertFired(alert);
    }

    @Override
    public void alertCleared(Alert alert) {
        recorder.alertCleared(alert);
    }

    @Override
    public void hostRoleChanged(String host, String fromRole, String toRole) {
        recorder.hostRoleChanged(host, fromRole, toRole);
    }

    @Override
    public void primaryChanged(String from, String to) {
        recorder.primaryChanged(from, to);
    }

    /** Configures a {@link Dashboard}. Not thread-safe. */
    public static final class Builder {
        private Duration history = Duration.ofMinutes(5);
        private Duration interval = Duration.ofSeconds(1);
        private Duration healthInterval = Duration.ofSeconds(5);
        private int events = 50;
        private Clock wall = Clock.systemUTC();

        private Builder() {}

        /**
         * @param history how much time the charts show (default 5 minutes; at least the sampling interval)
         * @return this builder
         * @throws IllegalArgumentException if shorter than one second or longer than a day
         */
        public Builder history(Duration history) {
            Objects.requireNonNull(history, "history");
            if (history.compareTo(Duration.ofSeconds(1)) < 0 || history.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("history must be between 1 s and 1 day, but was "
                        + history.toMillis() + " ms");
            }
            this.history = history;
            return this;
        }

        /**
         * @param interval how often the pool is sampled (default 1 s; between 100 ms and 1 min)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder sampleInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(Duration.ofMillis(100)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("sampleInterval must be between 100 ms and 1 min, but was "
                        + interval.toMillis() + " ms");
            }
            this.interval = interval;
            return this;
        }

        /**
         * @param interval how often the health check runs for the dashboard (default 5 s; each run opens a
         *     connection; at least 1 s)
         * @return this builder
         * @throws IllegalArgumentException if below 1 s
         */
        public Builder healthInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("healthInterval must be at least 1 s, but was "
                        + interval.toMillis() + " ms");
            }
            this.healthInterval = interval;
            return this;
        }

        /**
         * @param count how many significant events the page lists (default 50; 1 to 1000)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder events(int count) {
            if (count < 1 || count > 1000) {
                throw new IllegalArgumentException("events must be between 1 and 1000, but was " + count);
            }
            this.events = count;
            return this;
        }

        /**
         * @param wall the wall clock that stamps samples and events (default UTC system time)
         * @return this builder
         */
        public Builder wallClock(Clock wall) {
            this.wall = Objects.requireNonNull(wall, "wall");
            return this;
        }

        /** @return the dashboard, not yet attached to a pool */
        public Dashboard build() {
            return new Dashboard(this);
        }
    }
}
