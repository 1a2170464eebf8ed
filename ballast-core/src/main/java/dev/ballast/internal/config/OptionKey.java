package dev.ballast.internal.config;

import dev.ballast.DatabaseOptions.Builder;
import dev.ballast.Secret;
import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.resilience.BackoffType;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The one table of configuration keys: the JSON name (PascalCase, as a .NET {@code appsettings.json} spells it),
 * the builder method, the kind of value, the default, and how a loaded value reaches the builder. Every source
 * (JSON, YAML, properties, environment, connection string) and {@code toString()} go through it, and the typed
 * configurations ({@code PoolConfig}, {@code RetryConfig}, {@code CircuitBreakerConfig}, {@code AlertThresholds})
 * take their defaults from it, so a default is written once.
 */
public enum OptionKey {
    MIN_POOL_SIZE("MinPoolSize", "minPoolSize", Kind.INT, 2, (b, v) -> b.minPoolSize((Integer) v)),
    MAX_POOL_SIZE("MaxPoolSize", "maxPoolSize", Kind.INT, 20, (b, v) -> b.maxPoolSize((Integer) v)),
    CONNECTION_LIFETIME("ConnectionLifetimeSeconds", "connectionLifetime", Kind.SECONDS, seconds(600),
            (b, v) -> b.connectionLifetime((Duration) v)),
    CONNECTION_IDLE_LIFETIME("ConnectionIdleLifetimeSeconds", "connectionIdleLifetime", Kind.SECONDS, seconds(300),
            (b, v) -> b.connectionIdleLifetime((Duration) v)),
    CONNECTION_TIMEOUT("ConnectionTimeoutSeconds", "connectionTimeout", Kind.SECONDS, seconds(15),
            (b, v) -> b.connectionTimeout((Duration) v)),
    COMMAND_TIMEOUT("CommandTimeoutSeconds", "commandTimeout", Kind.SECONDS, seconds(30),
            (b, v) -> b.commandTimeout((Duration) v)),
    ENABLE_POOLING("EnablePooling", "enablePooling", Kind.BOOL, true, (b, v) -> b.enablePooling((Boolean) v)),
    ENABLE_RETRY_POLICY("EnableRetryPolicy", "enableRetryPolicy", Kind.BOOL, true,
            (b, v) -> b.enableRetryPolicy((Boolean) v)),
    RETRY_COUNT("RetryCount", "retryCount", Kind.INT, 3, (b, v) -> b.retryCount((Integer) v)),
    RETRY_DELAY("RetryDelaySeconds", "retryDelay", Kind.SECONDS, seconds(2), (b, v) -> b.retryDelay((Duration) v)),
    ENABLE_CIRCUIT_BREAKER("EnableCircuitBreaker", "enableCircuitBreaker", Kind.BOOL, true,
            (b, v) -> b.enableCircuitBreaker((Boolean) v)),
    CIRCUIT_BREAKER_THRESHOLD("CircuitBreakerThreshold", "circuitBreakerThreshold", Kind.INT, 5,
            (b, v) -> b.circuitBreakerThreshold((Integer) v)),
    CIRCUIT_BREAKER_DURATION("CircuitBreakerDurationSeconds", "circuitBreakerDuration", Kind.SECONDS, seconds(60),
            (b, v) -> b.circuitBreakerDuration((Duration) v)),
    FAILURE_RATIO("FailureRatio", "failureRatio", Kind.RATIO, 0.5, (b, v) -> b.failureRatio((Double) v)),
    SAMPLING_DURATION("SamplingDurationSeconds", "samplingDuration", Kind.SECONDS, seconds(30),
            (b, v) -> b.samplingDuration((Duration) v)),
    BACKOFF_TYPE("BackoffType", "backoffType", Kind.BACKOFF, BackoffType.EXPONENTIAL,
            (b, v) -> b.backoffType((BackoffType) v)),
    USE_JITTER("UseJitter", "retryJitter", Kind.BOOL, true, (b, v) -> b.retryJitter((Boolean) v)),
    MAX_RETRY_DELAY("MaxRetryDelaySeconds", "maxRetryDelay", Kind.SECONDS, seconds(30),
            (b, v) -> b.maxRetryDelay((Duration) v)),
    VALIDATION_TIMEOUT("ValidationTimeoutSeconds", "validationTimeout", Kind.SECONDS, seconds(5),
            (b, v) -> b.validationTimeout((Duration) v)),
    KEEPALIVE("KeepaliveSeconds", "keepaliveInterval", Kind.SECONDS, seconds(120),
            (b, v) -> b.keepaliveInterval((Duration) v)),
    LEAK_DETECTION_THRESHOLD("LeakDetectionThresholdSeconds", "leakDetectionThreshold", Kind.SECONDS, Duration.ZERO,
            (b, v) -> b.leakDetectionThreshold((Duration) v)),
    NO_RESET_ON_CLOSE("NoResetOnClose", "noResetOnClose", Kind.BOOL, true, (b, v) -> b.noResetOnClose((Boolean) v)),
    ENABLE_POOL_AUTO_TUNING("EnablePoolAutoTuning", "enablePoolAutoTuning", Kind.BOOL, true,
            (b, v) -> b.enablePoolAutoTuning((Boolean) v)),
    MAX_AUTO_PREPARE("MaxAutoPrepare", "maxAutoPrepare", Kind.INT, 10, (b, v) -> b.maxAutoPrepare((Integer) v)),
    AUTO_PREPARE_MIN_USAGES("AutoPrepareMinUsages", "autoPrepareMinUsages", Kind.INT, 2,
            (b, v) -> b.autoPrepareMinUsages((Integer) v)),
    PGBOUNCER_POOL_MODE("PgBouncerPoolMode", "pgBouncerPoolMode", Kind.BOUNCER_MODE, PgBouncerPoolMode.NONE,
            (b, v) -> b.pgBouncerPoolMode((PgBouncerPoolMode) v)),
    APPLICATION_NAME("ApplicationName", "applicationName", Kind.TEXT, "ballast",
            (b, v) -> b.applicationName((String) v)),
    POOL_NAME("PoolName", "poolName", Kind.TEXT, "ballast", (b, v) -> b.poolName((String) v)),
    ADDITIONAL_TRANSIENT_SQL_STATES("AdditionalTransientSqlStates", "additionalTransientSqlStates", Kind.SQLSTATES,
            Set.of(), (b, v) -> b.additionalTransientSqlStates(strings(v))),
    SHUTDOWN_TIMEOUT("ShutdownTimeoutSeconds", "shutdownTimeout", Kind.SECONDS, seconds(30),
            (b, v) -> b.shutdownTimeout((Duration) v)),
    HEALTH_DEGRADED_BELOW_MAX_POOL_SIZE("HealthDegradedBelowMaxPoolSize", "healthDegradedBelowMaxPoolSize", Kind.INT,
            10, (b, v) -> b.healthDegradedBelowMaxPoolSize((Integer) v)),
    MAX_REPLICA_LAG("MaxReplicaLagSeconds", "maxReplicaLag", Kind.SECONDS, seconds(5),
            (b, v) -> b.maxReplicaLag((Duration) v)),
    LOAD_BALANCE_HOSTS("LoadBalanceHosts", "loadBalanceHosts", Kind.BOOL, true,
            (b, v) -> b.loadBalanceHosts((Boolean) v)),
    TOPOLOGY_PROBE_INTERVAL("TopologyProbeIntervalSeconds", "topologyProbeInterval", Kind.SECONDS, seconds(1),
            (b, v) -> b.topologyProbeInterval((Duration) v)),
    READ_YOUR_WRITES("ReadYourWrites", "readYourWrites", Kind.BOOL, false, (b, v) -> b.readYourWrites((Boolean) v)),
    READ_YOUR_WRITES_TIMEOUT("ReadYourWritesTimeoutSeconds", "readYourWritesTimeout", Kind.SECONDS, seconds(1),
            (b, v) -> b.readYourWritesTimeout((Duration) v)),
    HOST_CONNECT_RATE("HostConnectRatePerSecond", "hostConnectRate", Kind.INT, 20,
            (b, v) -> b.hostConnectRate((Integer) v)),
    FAIRNESS_THRESHOLD("FairnessThresholdSeconds", "fairnessThreshold", Kind.SECONDS, Duration.ofMillis(5),
            (b, v) -> b.fairnessThreshold((Duration) v)),
    ALERT_UTILISATION_RATIO("AlertUtilisationRatio", "alertUtilisationRatio", Kind.RATIO, 0.8,
            (b, v) -> b.alertUtilisationRatio((Double) v)),
    ALERT_UTILISATION_FOR("AlertUtilisationSeconds", "alertUtilisationFor", Kind.SECONDS, seconds(30),
            (b, v) -> b.alertUtilisationFor((Duration) v)),
    ALERT_WAITERS_FOR("AlertWaitersSeconds", "alertWaitersFor", Kind.SECONDS, seconds(30),
            (b, v) -> b.alertWaitersFor((Duration) v)),
    ALERT_BORROW_TIMEOUT_QUIET("AlertBorrowTimeoutQuietSeconds", "alertBorrowTimeoutQuietPeriod", Kind.SECONDS,
            seconds(60), (b, v) -> b.alertBorrowTimeoutQuietPeriod((Duration) v)),
    ALERT_CIRCUIT_OPEN_FOR("AlertCircuitOpenSeconds", "alertCircuitOpenFor", Kind.SECONDS, Duration.ZERO,
            (b, v) -> b.alertCircuitOpenFor((Duration) v)),
    ALERT_CONNECTION_FAILURES("AlertConnectionFailures", "alertConnectionFailures", Kind.INT, 5,
            (b, v) -> b.alertConnectionFailures((Integer) v)),
    ALERT_CONNECTION_FAILURE_WINDOW("AlertConnectionFailureWindowSeconds", "alertConnectionFailureWindow",
            Kind.SECONDS, seconds(60), (b, v) -> b.alertConnectionFailureWindow((Duration) v)),
    ALERT_LEAK_QUIET("AlertLeakQuietSeconds", "alertLeakQuietPeriod", Kind.SECONDS, seconds(300),
            (b, v) -> b.alertLeakQuietPeriod((Duration) v)),
    ALERT_OPEN_DURATION_FACTOR("AlertOpenDurationFactor", "alertOpenDurationFactor", Kind.RATIO, 3.0,
            (b, v) -> b.alertOpenDurationFactor((Double) v)),
    ALERT_OPEN_DURATION_FLOOR("AlertOpenDurationFloorSeconds", "alertOpenDurationFloor", Kind.SECONDS,
            Duration.ofMillis(100), (b, v) -> b.alertOpenDurationFloor((Duration) v)),
    ALERT_OPEN_DURATION_WINDOW("AlertOpenDurationWindowSeconds", "alertOpenDurationWindow", Kind.SECONDS,
            seconds(60), (b, v) -> b.alertOpenDurationWindow((Duration) v)),
    ALERT_OPEN_DURATION_BASELINE("AlertOpenDurationBaselineSeconds", "alertOpenDurationBaseline", Kind.SECONDS,
            seconds(900), (b, v) -> b.alertOpenDurationBaseline((Duration) v)),

    // The connection: these are resolved into url(), username() and password() rather than stored as settings.
    CONNECTION_STRING("ConnectionString", "url", Kind.TEXT, null, (b, v) -> b.url((String) v)),
    HOST("Host", null, Kind.TEXT, null, null),
    PORT("Port", null, Kind.INT, null, null),
    DATABASE("Database", null, Kind.TEXT, null, null),
    USERNAME("Username", "username", Kind.TEXT, null, (b, v) -> b.username((String) v)),
    PASSWORD("Password", "password", Kind.SECRET, null, (b, v) -> b.password(((Secret) v).reveal()));

    private static final Map<String, OptionKey> BY_NAME = new HashMap<>();

    static {
        for (OptionKey key : values()) {
            BY_NAME.put(normalize(key.jsonName), key);
        }
    }

    private final String jsonName;
    private final String builderName;
    private final Kind kind;
    private final Object defaultValue;
    private final BiConsumer<Builder, Object> setter;

    OptionKey(String jsonName, String builderName, Kind kind, Object defaultValue, BiConsumer<Builder, Object> setter) {
        this.jsonName = jsonName;
        this.builderName = builderName;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.setter = setter;
    }

    /**
     * @param <T> the value's type, as the builder takes it
     * @param type the value's class
     * @return the default, typed
     * @throws ClassCastException if {@code type} is not this key's type
     */
    public <T> T defaultAs(Class<T> type) {
        return type.cast(defaultValue);
    }

    private static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> strings(Object value) {
        return (Collection<String>) value;
    }

    /** @return the key as the JSON {@code "Database"} section spells it, e.g. {@code MaxPoolSize} */
    public String jsonName() {
        return jsonName;
    }

    /** @return the builder method and accessor name, e.g. {@code maxPoolSize}; null for Host, Port, Database */
    public String builderName() {
        return builderName;
    }

    /** @return the kind of value the key takes */
    public Kind kind() {
        return kind;
    }

    /** @return the default value, typed as the builder takes it; null for the connection keys */
    public Object defaultValue() {
        return defaultValue;
    }

    /** @return true for the keys that describe the connection (string, host, port, database, credentials) */
    public boolean isConnection() {
        return ordinal() >= CONNECTION_STRING.ordinal();
    }

    /** @return the key in environment-variable words, e.g. {@code MAX_POOL_SIZE} */
    public String snakeName() {
        return jsonName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** @return the key in properties words, e.g. {@code max-pool-size} */
    public String kebabName() {
        return snakeName().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Applies a typed value through the builder's public setter, so that the setter's validation runs.
     *
     * @param builder the builder
     * @param value a value of this key's kind
     * @throws IllegalArgumentException if the setter rejects the value
     */
    public void apply(Builder builder, Object value) {
        if (setter == null) {
            throw new IllegalStateException(jsonName + " has no builder method; it is part of the address");
        }
        setter.accept(builder, value);
    }

    /** @return a fresh map holding every setting's default (connection keys excluded) */
    public static EnumMap<OptionKey, Object> defaults() {
        EnumMap<OptionKey, Object> map = new EnumMap<>(OptionKey.class);
        for (OptionKey key : values()) {
            if (!key.isConnection()) {
                map.put(key, key.defaultValue);
            }
        }
        return map;
    }

    /**
     * Looks a key up by any spelling: case, {@code -}, {@code _} and spaces are ignored, so {@code MaxPoolSize},
     * {@code max-pool-size} and {@code MAX_POOL_SIZE} all find {@link #MAX_POOL_SIZE}.
     *
     * @param name a key as written in some source
     * @return the key, or null if there is none by that name
     */
    public static OptionKey find(String name) {
        return BY_NAME.get(normalize(name));
    }

    /** @return every key's normalized name, for did-you-mean suggestions */
    static Map<String, OptionKey> byNormalizedName() {
        return BY_NAME;
    }

    /**
     * @param name a key in any spelling
     * @return the name lower-cased with {@code -}, {@code _} and spaces removed
     */
    public static String normalize(String name) {
        return name.replaceAll("[-_ ]", "").toLowerCase(Locale.ROOT);
    }
}
