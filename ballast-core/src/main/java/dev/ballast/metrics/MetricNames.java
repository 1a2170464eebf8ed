package dev.ballast.metrics;

/**
 * Every metric Ballast emits through the OpenTelemetry API, in one place. Three families:
 *
 * <ul>
 *   <li>the names a .NET service with Npgsql and OpenTelemetry exports ({@code db.connection.*},
 *       {@code db.pool.connections.*}), so existing dashboards keep working;</li>
 *   <li>the OpenTelemetry database-client semantic conventions ({@code db.client.connection.*}), each with the
 *       attribute {@value #POOL_NAME};</li>
 *   <li>Ballast's own resilience and alert metrics ({@code ballast.*}).</li>
 * </ul>
 *
 * <p>Exported to Prometheus, dots become underscores and units and {@code _total} are appended (for example
 * {@code db.connection.opened} is scraped as {@code db_connection_opened_total}).
 */
public final class MetricNames {

    private MetricNames() {}

    /** The OpenTelemetry instrumentation scope (meter and tracer name). */
    public static final String SCOPE = "dev.ballast";

    /** Attribute: the pool's name (option {@code PoolName}). */
    public static final String POOL_NAME = "db.client.connection.pool.name";
    /** Attribute on {@link #CONNECTION_COUNT}: {@code idle} or {@code used}. */
    public static final String STATE = "db.client.connection.state";
    /** Attribute on alert metrics: the alert's name ({@link dev.ballast.alert.AlertRule#alertName()}). */
    public static final String ALERT = "ballast.alert";
    /** Attribute on resilience metrics: the operation ({@code execute}, {@code withConnection}, {@code inTransaction}). */
    public static final String OPERATION = "ballast.operation";

    /** Counter, {connection}: physical connections opened. */
    public static final String OPENED = "db.connection.opened";
    /** Counter, {connection}: physical connections closed (attribute {@code ballast.close.reason}). */
    public static final String CLOSED = "db.connection.closed";
    /** Counter, {connection}: failed attempts to open a physical connection. */
    public static final String FAILED = "db.connection.failed";
    /** Histogram, ms: how long opening a physical connection took. */
    public static final String OPEN_DURATION = "db.connection.open.duration";
    /** Gauge, {connection}: this pool's backends that are running a statement, from {@code pg_stat_activity}. */
    public static final String PG_ACTIVE = "db.pool.connections.active";
    /** Gauge, {connection}: this pool's backends that are idle, from {@code pg_stat_activity}. */
    public static final String PG_IDLE = "db.pool.connections.idle";
    /** Gauge, {connection}: all of this pool's backends, from {@code pg_stat_activity}. */
    public static final String PG_TOTAL = "db.pool.connections.total";

    /** UpDownCounter, {connection}: connections by {@link #STATE}. */
    public static final String CONNECTION_COUNT = "db.client.connection.count";
    /** UpDownCounter, {connection}: MaxPoolSize. */
    public static final String CONNECTION_MAX = "db.client.connection.max";
    /** UpDownCounter, {connection}: the most idle connections allowed (MaxPoolSize). */
    public static final String IDLE_MAX = "db.client.connection.idle.max";
    /** UpDownCounter, {connection}: the fewest idle connections kept (MinPoolSize). */
    public static final String IDLE_MIN = "db.client.connection.idle.min";
    /** UpDownCounter, {request}: callers waiting for a connection. */
    public static final String PENDING = "db.client.connection.pending_requests";
    /** Counter, {timeout}: borrows that gave up after ConnectionTimeout. */
    public static final String TIMEOUTS = "db.client.connection.timeouts";
    /** Histogram, s: time to open a physical connection. */
    public static final String CREATE_TIME = "db.client.connection.create_time";
    /** Histogram, s: time a caller waited to borrow a connection. */
    public static final String WAIT_TIME = "db.client.connection.wait_time";
    /** Histogram, s: time a caller held a borrowed connection. */
    public static final String USE_TIME = "db.client.connection.use_time";

    /**
     * Gauge, {connection}: the automatic pool sizing's concurrency limit (EnablePoolAutoTuning; absent with tuning
     * off and for a fixed-size pool, MinPoolSize = MaxPoolSize), with attribute {@link #LIMIT_REASON}.
     */
    public static final String POOL_LIMIT = "ballast.pool.limit";
    /** Attribute of {@link #POOL_LIMIT}: why the limit is what it is ({@code at_knee}, {@code probe_up}, ...). */
    public static final String LIMIT_REASON = "ballast.pool.limit.reason";
    /** Gauge, {return}/s: connections returned per second in the tuning's latest measurement window. */
    public static final String POOL_LIMIT_THROUGHPUT = "ballast.pool.limit.throughput";
    /** Gauge, s: mean time a connection was held in the tuning's latest window (queueing in the pool excluded). */
    public static final String POOL_LIMIT_SERVICE_TIME = "ballast.pool.limit.service_time";

    /** Counter, {retry}: retries scheduled after a transient failure (attribute {@link #OPERATION}). */
    public static final String RETRY_ATTEMPTS = "ballast.retry.attempts";
    /** Gauge: the circuit breaker's state, 0 closed, 1 half-open, 2 open, 3 isolated. */
    public static final String BREAKER_STATE = "ballast.circuit_breaker.state";
    /** Counter, {transition}: breaker state changes (attributes {@code ballast.from}, {@code ballast.to}). */
    public static final String BREAKER_TRANSITIONS = "ballast.circuit_breaker.transitions";

    /**
     * Gauge, {alert}: 1 while the alert named by {@link #ALERT} fires, 0 otherwise; one series per rule, so
     * {@code sum} is the number of alerts firing.
     */
    public static final String ALERTS_ACTIVE = "ballast.alerts.active";
    /** Counter, {alert}: how many times each alert (attribute {@link #ALERT}) has fired. */
    public static final String ALERTS_FIRED = "ballast.alerts.fired";

    /** Attribute, with several hosts: the host of a per-host series ({@code db.client.connection.*}). */
    public static final String SERVER_ADDRESS = "server.address";
    /** Attribute, with several hosts: the port of a per-host series. */
    public static final String SERVER_PORT = "server.port";
    /** Attribute on {@link #HOST_ROLE}: {@code primary}, {@code standby}, {@code down} or {@code unknown}. */
    public static final String ROLE = "ballast.host.role";
    /** Gauge, with several hosts: 1 for each host's current role (attribute {@link #ROLE}). */
    public static final String HOST_ROLE = "ballast.host.role";
    /**
     * Gauge, s, with several hosts: a standby's replication lag measured from WAL positions; 0 for the primary, -1
     * while unknown (down, or nothing known of the primary yet).
     */
    public static final String REPLICA_LAG = "ballast.replica.lag";
    /**
     * Gauge, with several hosts: each host's own circuit breaker (attributes {@link #SERVER_ADDRESS},
     * {@link #SERVER_PORT}), 0 closed, 1 half-open, 2 open, as {@link #BREAKER_STATE}.
     */
    public static final String HOST_BREAKER_STATE = "ballast.host.circuit_breaker.state";
}
