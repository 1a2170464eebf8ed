package dev.ballast;

import dev.ballast.alert.Alert;
import dev.ballast.alert.AlertThresholds;
import dev.ballast.event.BallastListener;
import dev.ballast.health.DatabasePoolHealthCheck;
import dev.ballast.internal.alert.AlertEngine;
import dev.ballast.internal.alert.AlertInputs;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.metrics.ActivitySampler;
import dev.ballast.internal.metrics.AlertMetrics;
import dev.ballast.internal.metrics.PoolMetrics;
import dev.ballast.internal.pool.Pool;
import dev.ballast.internal.pool.PoolLoad;
import dev.ballast.internal.resilience.DefaultDatabaseResilience;
import dev.ballast.internal.resilience.ResilienceSettings;
import dev.ballast.internal.resilience.VerifiedCommits;
import dev.ballast.internal.time.Clock;
import dev.ballast.internal.topology.Cluster;
import dev.ballast.internal.topology.ClusterMetrics;
import dev.ballast.internal.tracing.TracingListener;
import dev.ballast.internal.tracing.TracingResilience;
import dev.ballast.metrics.MetricNames;
import dev.ballast.pool.BallastPool;
import dev.ballast.pool.HostStatus;
import dev.ballast.pool.PoolStats;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.CircuitState;
import dev.ballast.resilience.DatabaseResilience;
import dev.ballast.resilience.VerifiedCommit;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ballast, started: a pool, the resilience policies around it, metrics, tracing and a health check, all configured
 * by one {@link DatabaseOptions}.
 *
 * <pre>{@code
 * DatabaseOptions options = DatabaseOptions.fromJson(Path.of("appsettings.json"));
 * try (Ballast db = Ballast.start(options)) {
 *     DataSource ds = db.dataSource();                       // pooled, drop-in javax.sql.DataSource
 *     long id = db.resilience().inTransaction(conn -> ...);  // replayed whole on transient failure
 *     HealthReport health = db.healthCheck().check();
 *     PoolStats stats = db.stats();
 * }
 * }</pre>
 *
 * <p>{@link #start(DatabaseOptions)} opens MinPoolSize connections before it returns (it does not fail if the
 * database is down: the pool keeps trying in the background and borrowers are told). Metrics and spans go to the
 * given {@link OpenTelemetry} ({@link GlobalOpenTelemetry} by default: a no-op until the application installs an
 * SDK). The built-in alert rules of {@link dev.ballast.alert.AlertRule} are evaluated every second on their own
 * thread: a firing reaches the listeners, the log, the {@code ballast.alerts.active} metric, the health check
 * (Degraded) and {@link #activeAlerts()}. {@link #close()} closes everything and leaves no thread behind; so does a
 * {@code start} that fails, closing what it had started in reverse order.
 * Thread-safe.
 */
public final class Ballast implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ballast.class);
    /** How often {@code pg_stat_activity} is sampled for the {@code db.pool.connections.*} gauges. */
    static final Duration ACTIVITY_INTERVAL = Duration.ofSeconds(10);

    private final DatabaseOptions options;
    private final BallastPool pool;
    private final Cluster cluster;
    private final ClusterMetrics clusterMetrics;
    private final DatabaseResilience resilience;
    private final VerifiedCommit verifiedCommit;
    private final DatabasePoolHealthCheck healthCheck;
    private final ActivitySampler activity;
    private final PoolMetrics metrics;
    private final AlertMetrics alertMetrics;
    private final AlertEngine alerts;
    private final AlertThresholds alertThresholds;

    private Ballast(DatabaseOptions options, OpenTelemetry openTelemetry, List<BallastListener> extra,
            AlertThresholds thresholds) {
        this.options = options;
        this.alertThresholds = thresholds;
        Clock clock = Clock.system();
        AtomicReference<AlertEngine> alertsRef = new AtomicReference<>();
        AtomicReference<BallastPool> poolRef = new AtomicReference<>();
        AtomicReference<DatabaseResilience> resilienceRef = new AtomicReference<>();
        Deque<AutoCloseable> started = new ArrayDeque<>(); // closed in reverse order if start fails
        try {
            this.activity = ActivitySampler.create(() -> poolRef.get().getConnection(), options.applicationName(),
                    () -> circuitState(resilienceRef) != CircuitState.CLOSED || noIdleToSpare(poolRef, options),
                    clock, ACTIVITY_INTERVAL, "ballast-" + options.poolName() + "-activity");
            started.push(activity);
            boolean multiHost = Cluster.isMultiHost(options); // then per-host series replace the pool-wide ones
            this.metrics = new PoolMetrics(openTelemetry.getMeter(MetricNames.SCOPE), options.poolName(),
                    () -> multiHost ? null : poolStats(poolRef), activity, () -> circuitState(resilienceRef));
            started.push(metrics);
            this.alertMetrics = new AlertMetrics(openTelemetry.getMeter(MetricNames.SCOPE), options.poolName(),
                    rule -> {
                        AlertEngine engine = alertsRef.get();
                        return engine != null && engine.isActive(rule);
                    });
            started.push(alertMetrics);
            AlertInputs alertInputs = new AlertInputs(clock);

            List<BallastListener> all = new ArrayList<>(options.listeners());
            all.addAll(extra);
            all.add(metrics);
            all.add(alertMetrics);
            all.add(alertInputs);
            all.add(new TracingListener());
            ListenerSupport listeners = new ListenerSupport(all);

            this.cluster = Cluster.isMultiHost(options)
                    ? Cluster.start(options, options.poolConfig(), listeners, clock) : null;
            this.pool = cluster != null ? cluster : Pool.start(options.poolConfig(), listeners, clock);
            this.clusterMetrics = cluster == null ? null
                    : new ClusterMetrics(openTelemetry.getMeter(MetricNames.SCOPE), options.poolName(), cluster);
            if (clusterMetrics != null) {
                started.push(clusterMetrics);
            }
            started.push(pool);
            poolRef.set(pool);
            // Several hosts: each host has its own breaker with these rules (Cluster; the monitor's probe is its trial,
            // and a host the monitor finds down gets no callers either); a pool-wide breaker would turn one host's failover into CircuitBreakerDurationSeconds
            // of rejections for every call, so it never opens by itself (it can still be isolated by hand).
            CircuitBreakerConfig breaker = cluster == null ? options.circuitBreakerConfig()
                    : options.circuitBreakerConfig().toBuilder().enabled(false).build();
            DatabaseResilience engine = new DefaultDatabaseResilience(ResilienceSettings.of(pool)
                    .withRetry(options.retryConfig()).withCircuitBreaker(breaker)
                    .withClassifier(options.sqlStateClassifier()).withListeners(listeners));
            TracingResilience traced = new TracingResilience(engine, openTelemetry.getTracer(MetricNames.SCOPE),
                    options.url(), cluster == null ? c -> null : cluster::hostOf,
                    cluster == null ? () -> null : () -> cluster.topology().primaryHost());
            if (cluster != null) {
                cluster.onServed(traced::served);
            }
            this.resilience = traced;
            resilienceRef.set(resilience);
            this.verifiedCommit = new VerifiedCommits(ResilienceSettings.of(pool)
                    .withClassifier(options.sqlStateClassifier()));
            activity.start();
            this.alerts = new AlertEngine(thresholds, options.poolName(), alertInputs, pool::stats,
                    resilience::circuitState, listeners, clock, java.time.Clock.systemUTC());
            started.push(alerts);
            alertsRef.set(alerts);
            alerts.start("ballast-" + options.poolName() + "-alerts");
            this.healthCheck = new DatabasePoolHealthCheck(options, pool, pool::stats, resilience::circuitState,
                    alerts::conditionNow, alerts::active, clock::nanoTime);
            if (cluster != null) {
                healthCheck.topology(cluster::healthData, cluster::healthProblems);
                alertInputs.laggingStandbys(cluster::laggingStandbys);
            }
        } catch (RuntimeException | Error e) {
            closeAll(started, e);
            throw e;
        }
        LOG.info("Ballast pool '{}' started: {}", options.poolName(), pool.stats());
    }

    /** Closes what a failed start opened, newest first; a failure to close is added to the start's failure. */
    private static void closeAll(Deque<AutoCloseable> started, Throwable failure) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception | Error e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Starts Ballast with {@link GlobalOpenTelemetry}.
     *
     * @param options the configuration
     * @return the running instance; close it on shutdown
     * @throws IllegalArgumentException if the options cannot be mapped onto the pool (never for a down database)
     */
    public static Ballast start(DatabaseOptions options) {
        return start(options, GlobalOpenTelemetry.get());
    }

    /**
     * Starts Ballast, emitting metrics and spans to {@code openTelemetry}.
     *
     * @param options the configuration
     * @param openTelemetry where metrics and spans go
     * @return the running instance; close it on shutdown
     * @throws IllegalArgumentException if the options cannot be mapped onto the pool (never for a down database)
     */
    public static Ballast start(DatabaseOptions options, OpenTelemetry openTelemetry) {
        return new Ballast(Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(openTelemetry, "openTelemetry"), List.of(), options.alertThresholds());
    }

    /**
     * Starts Ballast with extra listeners (besides those in the options), e.g. the dashboard's.
     *
     * @param options the configuration
     * @param openTelemetry where metrics and spans go
     * @param listeners more listeners
     * @return the running instance
     */
    public static Ballast start(DatabaseOptions options, OpenTelemetry openTelemetry,
            List<? extends BallastListener> listeners) {
        return start(options, openTelemetry, listeners, options.alertThresholds());
    }

    /**
     * Starts Ballast with extra listeners and alert thresholds other than the options' ({@link
     * DatabaseOptions#alertThresholds()}), for example with a rule {@linkplain AlertThresholds.Builder#disable
     * disabled}.
     *
     * @param options the configuration
     * @param openTelemetry where metrics and spans go
     * @param listeners more listeners (they also receive {@code alertFired} / {@code alertCleared})
     * @param alertThresholds the thresholds of the built-in alert rules
     * @return the running instance
     */
    public static Ballast start(DatabaseOptions options, OpenTelemetry openTelemetry,
            List<? extends BallastListener> listeners, AlertThresholds alertThresholds) {
        return new Ballast(Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(openTelemetry, "openTelemetry"), List.copyOf(listeners),
                Objects.requireNonNull(alertThresholds, "alertThresholds"));
    }

    /** @return the pooled {@code DataSource}: hand it to JdbcTemplate, jOOQ, JDBI, Flyway, Hibernate */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * The data source for reads. With one host it is {@link #dataSource()}. With several hosts
     * ({@code Host=db1,db2,db3} or {@code jdbc:postgresql://db1,db2/app}) each connection is on a standby whose
     * replication lag is within MaxReplicaLagSeconds (spread over them when LoadBalanceHosts), else on the primary;
     * connections are read-only. With ReadYourWrites, a read waits (at most ReadYourWritesTimeoutSeconds) until its
     * standby has replayed every write acknowledged before it, else it goes to the primary. See
     * {@code docs/replicas.md}.
     *
     * @return the pooled data source for read-only work
     */
    public DataSource readDataSource() {
        return cluster != null ? cluster.readDataSource() : pool;
    }

    /**
     * Like {@link #readDataSource()}, choosing read-your-writes for this use whatever the ReadYourWrites key says.
     *
     * @param readYourWrites true: each read sees every write acknowledged before it (waiting for a standby to replay
     *     it, at most ReadYourWritesTimeoutSeconds, else reading on the primary); false: reads may lag by up to
     *     MaxReplicaLagSeconds
     * @return the pooled data source for read-only work
     */
    public DataSource readDataSource(boolean readYourWrites) {
        return cluster != null ? cluster.readDataSource(readYourWrites) : pool;
    }

    /** @return the pool itself, for {@code evictAll()} and its configuration */
    public BallastPool pool() {
        return pool;
    }

    /** @return retry and circuit breaker around database work on this pool */
    public DatabaseResilience resilience() {
        return resilience;
    }

    /**
     * @return commits with the verification {@code inTransaction} uses, for frameworks that run their own
     *     transactions on {@link #dataSource()} (such as Spring's transaction manager)
     */
    public VerifiedCommit verifiedCommit() {
        return verifiedCommit;
    }

    /** @return the readiness check of this pool's database */
    public DatabasePoolHealthCheck healthCheck() {
        return healthCheck;
    }

    /**
     * @return the alerts firing now (see {@link dev.ballast.alert.AlertRule}), in rule order; an immutable
     *     snapshot, empty when all is well
     */
    public List<Alert> activeAlerts() {
        return alerts.active();
    }

    /** @return the thresholds the alert rules are evaluated with */
    public AlertThresholds alertThresholds() {
        return alertThresholds;
    }

    /**
     * The hosts of a multi-host connection string with their role, state, replication lag and per-host pool
     * statistics, as the topology monitor last saw them (no query is sent). Read-only.
     *
     * @return one entry per host in connection-string order, or an empty list for a single-host pool
     */
    public List<HostStatus> hosts() {
        return cluster == null ? List.of() : cluster.hostStatuses();
    }

    /** @return a consistent snapshot of the pool's state and counters */
    public PoolStats stats() {
        return pool.stats();
    }

    /** @return the options this instance was started with */
    public DatabaseOptions options() {
        return options;
    }

    /** Retires every connection: idle ones now, borrowed ones when they are returned. */
    public void evictAll() {
        pool.evictAll();
    }

    /**
     * Stops new borrows, waits up to ShutdownTimeoutSeconds for borrowed connections, closes every connection and
     * stops every Ballast thread. Idempotent.
     */
    @Override
    public void close() {
        alerts.close();
        activity.close();
        alertMetrics.close();
        metrics.close();
        if (clusterMetrics != null) {
            clusterMetrics.close();
        }
        pool.close();
        LOG.info("Ballast pool '{}' closed", options.poolName());
    }

    @Override
    public String toString() {
        return "Ballast[" + options.poolName() + ", " + pool.stats() + "]";
    }

    private static CircuitState circuitState(AtomicReference<DatabaseResilience> ref) {
        DatabaseResilience r = ref.get();
        return r == null ? CircuitState.CLOSED : r.circuitState();
    }

    /**
     * With pooling, the sampler borrows only a connection that would otherwise sit idle: none while callers queue
     * (an idle connection may be parked above the automatic sizing's limit, serving no one).
     */
    private static boolean noIdleToSpare(AtomicReference<BallastPool> poolRef, DatabaseOptions options) {
        BallastPool p = poolRef.get();
        return p == null || (options.enablePooling() && PoolLoad.noneToSpare(p.stats()));
    }

    private static PoolStats poolStats(AtomicReference<BallastPool> poolRef) {
        BallastPool p = poolRef.get();
        return p == null ? null : p.stats();
    }
}
