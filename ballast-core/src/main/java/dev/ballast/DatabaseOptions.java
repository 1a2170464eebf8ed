package dev.ballast;

import static dev.ballast.internal.config.OptionKey.*;

import dev.ballast.alert.AlertThresholds;
import dev.ballast.event.BallastListener;
import dev.ballast.internal.config.Checks;
import dev.ballast.internal.config.ConfigLoader;
import dev.ballast.internal.config.EngineConfigs;
import dev.ballast.internal.config.OptionKey;
import dev.ballast.internal.config.OptionsText;
import dev.ballast.internal.config.OptionException;
import dev.ballast.internal.config.ParsedConnection;
import dev.ballast.internal.config.Setting;
import dev.ballast.internal.topology.HostList;
import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.pool.PoolConfig;
import dev.ballast.postgres.SqlStateClassifier;
import dev.ballast.resilience.BackoffType;
import dev.ballast.resilience.CircuitBreakerConfig;
import dev.ballast.resilience.RetryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Ballast's configuration: the connection, the pool, retries, the circuit breaker and health, as the ported
 * design's {@code "Database"} section of {@code appsettings.json} describes them. Immutable and thread-safe; made
 * by {@link #builder()}, or loaded by {@link #fromJson(Path)}, {@link #fromYaml(Path)}, {@link #fromProperties},
 * {@link #fromEnvironment()} or {@link #load(Path)}.
 *
 * <p><b>Precedence</b>, lowest first: the defaults documented on each {@link Builder} method, then a file, then
 * environment variables, then builder calls ({@code options.toBuilder().maxPoolSize(50).build()}). A later
 * source replaces a key of an earlier one; within one source a value may be given only once, and a connection
 * string keyword (such as {@code Maximum Pool Size}) and the matching key ({@code MaxPoolSize}) must agree.
 *
 * <p><b>Bad input</b> is never corrected: every problem is an {@link IllegalArgumentException} naming the key, the
 * offending value and where it came from. The password never appears in {@link #toString()} or any message.
 * See {@code docs/configuration.md} for every key, its JSON, properties, environment and Npgsql spellings.
 */
public final class DatabaseOptions {

    private static final String NO_CONNECTION = "No connection configured: call url(…), or set"
            + " Database.ConnectionString, ConnectionStrings.Default or Database.Host";

    private final Map<OptionKey, Object> settings;
    private final String url;
    private final String username;
    private final Secret password;
    private final List<BallastListener> listeners;
    private final SqlStateClassifier classifier;
    private final PoolConfig poolConfig;
    private final RetryConfig retryConfig;
    private final CircuitBreakerConfig circuitBreakerConfig;
    private final AlertThresholds alertThresholds;

    private DatabaseOptions(Map<OptionKey, Object> settings, String url, String username, Secret password,
            List<BallastListener> listeners) {
        this.settings = settings;
        this.url = url;
        this.username = username;
        this.password = password;
        this.listeners = List.copyOf(listeners);
        this.classifier = SqlStateClassifier.withAdditionalTransient(additionalTransientSqlStates());
        this.poolConfig = EngineConfigs.pool(this, classifier);
        this.retryConfig = EngineConfigs.retry(this);
        this.circuitBreakerConfig = EngineConfigs.circuitBreaker(this);
        this.alertThresholds = EngineConfigs.alerts(this);
    }

    /** @return a builder holding every default and no connection */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code "Database"} section (and {@code "ConnectionStrings": {"Default": …}}) of a JSON file such as
     * {@code appsettings.json}. Comments and trailing commas are allowed, as in .NET; other top-level sections are
     * ignored.
     *
     * @param file the JSON file
     * @return the options
     * @throws IllegalArgumentException if the file is missing, malformed (with line and column), or holds a bad
     *     value, an unknown key, or no connection
     * @throws java.io.UncheckedIOException if the file cannot be read for another reason
     */
    public static DatabaseOptions fromJson(Path file) {
        return ConfigLoader.fromJson(file);
    }

    /**
     * Like {@link #fromJson(Path)}, for JSON text.
     *
     * @param json the JSON document
     * @return the options
     * @throws IllegalArgumentException as {@link #fromJson(Path)}
     */
    public static DatabaseOptions fromJson(String json) {
        return ConfigLoader.fromJson(json);
    }

    /**
     * Reads a YAML file with the same shape as the JSON one. Needs {@code jackson-dataformat-yaml} (an optional
     * dependency of Ballast) on the class path; without it the error says what to add.
     *
     * @param file the YAML file
     * @return the options
     * @throws IllegalArgumentException as {@link #fromJson(Path)}, or if YAML support is missing
     */
    public static DatabaseOptions fromYaml(Path file) {
        return ConfigLoader.fromYaml(file);
    }

    /**
     * Like {@link #fromYaml(Path)}, for YAML text.
     *
     * @param yaml the YAML document
     * @return the options
     * @throws IllegalArgumentException as {@link #fromYaml(Path)}
     */
    public static DatabaseOptions fromYaml(String yaml) {
        return ConfigLoader.fromYaml(yaml);
    }

    /**
     * Reads a file by its extension: {@code .json}, {@code .yaml}/{@code .yml} or {@code .properties}.
     *
     * @param file the file
     * @return the options
     * @throws IllegalArgumentException as the format's own method, or for another extension
     */
    public static DatabaseOptions fromFile(Path file) {
        return ConfigLoader.fromFile(file);
    }

    /**
     * Reads {@code database.*} and {@code connectionstrings.default} properties, written either way:
     * {@code database.max-pool-size=20} or {@code Database.MaxPoolSize=20}. Other properties are ignored.
     *
     * @param properties the properties
     * @return the options
     * @throws IllegalArgumentException for a bad value, an unknown {@code database.} key, or no connection
     */
    public static DatabaseOptions fromProperties(Properties properties) {
        return ConfigLoader.fromProperties(properties);
    }

    /**
     * Reads the process environment alone; see {@link #fromEnvironment(Map)}.
     *
     * @return the options
     * @throws IllegalArgumentException as {@link #fromEnvironment(Map)}
     */
    public static DatabaseOptions fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads environment variables, named as .NET names them ({@code DATABASE__MAXPOOLSIZE},
     * {@code CONNECTIONSTRINGS__DEFAULT}) or in snake case ({@code DATABASE_MAX_POOL_SIZE}), case-insensitively.
     * An unknown {@code DATABASE__} variable is an error; an unknown {@code DATABASE_} one is ignored (such names
     * are common for other purposes) unless it is a near miss of a key, which is an error with a did-you-mean.
     *
     * @param environment the variables, e.g. {@code System.getenv()}
     * @return the options
     * @throws IllegalArgumentException for a bad value or no connection
     */
    public static DatabaseOptions fromEnvironment(Map<String, String> environment) {
        return ConfigLoader.fromEnvironment(environment);
    }

    /**
     * Reads a file ({@link #fromFile}) and then the process environment over it.
     *
     * @param file the file
     * @return the options
     * @throws IllegalArgumentException as {@link #fromFile} and {@link #fromEnvironment(Map)}
     */
    public static DatabaseOptions load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Reads a file ({@link #fromFile}) and then {@code environment} over it; the connection may come from
     * either.
     *
     * @param file the file
     * @param environment the variables
     * @return the options
     * @throws IllegalArgumentException as {@link #fromFile} and {@link #fromEnvironment(Map)}
     */
    public static DatabaseOptions load(Path file, Map<String, String> environment) {
        return ConfigLoader.load(file, environment);
    }

    /**
     * Applies the process environment over these options; see {@link #withEnvironment(Map)}.
     *
     * @return the new options
     * @throws IllegalArgumentException as {@link #fromEnvironment(Map)}
     */
    public DatabaseOptions withEnvironment() {
        return withEnvironment(System.getenv());
    }

    /**
     * Returns these options with {@code environment}'s variables (named as in {@link #fromEnvironment(Map)})
     * applied over them: a variable replaces the setting it names.
     *
     * @param environment the variables
     * @return the new options
     * @throws IllegalArgumentException as {@link #fromEnvironment(Map)}
     */
    public DatabaseOptions withEnvironment(Map<String, String> environment) {
        return ConfigLoader.withEnvironment(this, environment);
    }

    /** @return a builder holding these options; a value set on it replaces the one taken from here */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The JDBC URL ({@code jdbc:postgresql://host:port/db?…}; an Npgsql connection string is converted). It never
     * holds {@code user}, {@code password} or {@code ApplicationName}, which have their own accessors; an
     * {@code sslpassword} parameter (the passphrase of an encrypted client key) does stay in it, so log
     * {@link #toString()}, which masks it, rather than the URL.
     *
     * @return the JDBC URL
     */
    public String url() {
        return url;
    }

    /** @return the user name, or null if none was configured (the driver then uses its default) */
    public String username() {
        return username;
    }

    /** @return the password, {@link Secret#none()} if none was configured; prints as {@code ******} */
    public Secret password() {
        return password;
    }

    /** @return the minimum number of connections kept open in total; see {@link Builder#minPoolSize(int)} */
    public int minPoolSize() {
        return (Integer) settings.get(MIN_POOL_SIZE);
    }

    /** @return the hard cap on connections; see {@link Builder#maxPoolSize(int)} */
    public int maxPoolSize() {
        return (Integer) settings.get(MAX_POOL_SIZE);
    }

    /** @return the age at which a connection is retired, zero for never */
    public Duration connectionLifetime() {
        return duration(CONNECTION_LIFETIME);
    }

    /** @return how long a connection above the minimum may stay idle */
    public Duration connectionIdleLifetime() {
        return duration(CONNECTION_IDLE_LIFETIME);
    }

    /** @return the longest wait to borrow or open a connection */
    public Duration connectionTimeout() {
        return duration(CONNECTION_TIMEOUT);
    }

    /** @return the default statement timeout, zero for none */
    public Duration commandTimeout() {
        return duration(COMMAND_TIMEOUT);
    }

    /** @return whether connections are pooled */
    public boolean enablePooling() {
        return flag(ENABLE_POOLING);
    }

    /** @return whether transient failures are retried */
    public boolean enableRetryPolicy() {
        return flag(ENABLE_RETRY_POLICY);
    }

    /** @return how many retries follow the first attempt */
    public int retryCount() {
        return (Integer) settings.get(RETRY_COUNT);
    }

    /** @return the base delay between retries */
    public Duration retryDelay() {
        return duration(RETRY_DELAY);
    }

    /** @return whether the circuit breaker is on */
    public boolean enableCircuitBreaker() {
        return flag(ENABLE_CIRCUIT_BREAKER);
    }

    /** @return the minimum number of calls in the sampling window before the breaker may open */
    public int circuitBreakerThreshold() {
        return (Integer) settings.get(CIRCUIT_BREAKER_THRESHOLD);
    }

    /** @return how long the circuit stays open */
    public Duration circuitBreakerDuration() {
        return duration(CIRCUIT_BREAKER_DURATION);
    }

    /** @return the transient-failure ratio at which the breaker opens, in (0, 1] */
    public double failureRatio() {
        return (Double) settings.get(FAILURE_RATIO);
    }

    /** @return the breaker's sampling window */
    public Duration samplingDuration() {
        return duration(SAMPLING_DURATION);
    }

    /** @return how the retry delay grows */
    public BackoffType backoffType() {
        return (BackoffType) settings.get(BACKOFF_TYPE);
    }

    /** @return whether retry delays are randomised */
    public boolean retryJitter() {
        return flag(USE_JITTER);
    }

    /** @return the cap on any one retry delay */
    public Duration maxRetryDelay() {
        return duration(MAX_RETRY_DELAY);
    }

    /** @return the longest a connection validation may take */
    public Duration validationTimeout() {
        return duration(VALIDATION_TIMEOUT);
    }

    /** @return how often idle connections are validated, zero for never */
    public Duration keepaliveInterval() {
        return duration(KEEPALIVE);
    }

    /** @return how long a connection may be held before it is reported as a leak, zero for never */
    public Duration leakDetectionThreshold() {
        return duration(LEAK_DETECTION_THRESHOLD);
    }

    /** @return whether returning a connection skips the session reset */
    public boolean noResetOnClose() {
        return flag(NO_RESET_ON_CLOSE);
    }

    /** @return whether the pool sizes itself between MinPoolSize and MaxPoolSize (key {@code EnablePoolAutoTuning}) */
    public boolean enablePoolAutoTuning() {
        return flag(ENABLE_POOL_AUTO_TUNING);
    }

    /** @return how many statements per connection are prepared on the server, zero for none */
    public int maxAutoPrepare() {
        return (Integer) settings.get(MAX_AUTO_PREPARE);
    }

    /** @return how many uses make a statement worth preparing */
    public int autoPrepareMinUsages() {
        return (Integer) settings.get(AUTO_PREPARE_MIN_USAGES);
    }

    /** @return whether PgBouncer sits in front of the server, and in which pool mode (key {@code PgBouncerPoolMode}) */
    public PgBouncerPoolMode pgBouncerPoolMode() {
        return (PgBouncerPoolMode) settings.get(PGBOUNCER_POOL_MODE);
    }

    /** @return the {@code application_name} sessions report */
    public String applicationName() {
        return (String) settings.get(APPLICATION_NAME);
    }

    /** @return the pool's name in metrics, logs and health data */
    public String poolName() {
        return (String) settings.get(POOL_NAME);
    }

    /** @return extra SQLSTATE codes treated as transient, in the order given; unmodifiable */
    @SuppressWarnings("unchecked")
    public Set<String> additionalTransientSqlStates() {
        return (Set<String>) settings.get(ADDITIONAL_TRANSIENT_SQL_STATES);
    }

    /** @return how long {@code close()} waits for borrowed connections */
    public Duration shutdownTimeout() {
        return duration(SHUTDOWN_TIMEOUT);
    }

    /** @return the MaxPoolSize below which the health check reports Degraded */
    public int healthDegradedBelowMaxPoolSize() {
        return (Integer) settings.get(HEALTH_DEGRADED_BELOW_MAX_POOL_SIZE);
    }

    /** @return how far behind the primary a standby may be and still serve reads; see {@link Builder#maxReplicaLag} */
    public Duration maxReplicaLag() {
        return duration(MAX_REPLICA_LAG);
    }

    /** @return whether reads are spread over the healthy standbys; see {@link Builder#loadBalanceHosts} */
    public boolean loadBalanceHosts() {
        return flag(LOAD_BALANCE_HOSTS);
    }

    /** @return how often the topology monitor probes each host; see {@link Builder#topologyProbeInterval} */
    public Duration topologyProbeInterval() {
        return duration(TOPOLOGY_PROBE_INTERVAL);
    }

    /** @return whether every read waits for this instance's last write; see {@link Builder#readYourWrites} */
    public boolean readYourWrites() {
        return flag(READ_YOUR_WRITES);
    }

    /** @return how long a read waits for a standby to replay a write; see {@link Builder#readYourWritesTimeout} */
    public Duration readYourWritesTimeout() {
        return duration(READ_YOUR_WRITES_TIMEOUT);
    }

    /** @return the most connections opened per second to one host; see {@link Builder#hostConnectRate} */
    public int hostConnectRate() {
        return (Integer) settings.get(HOST_CONNECT_RATE);
    }

    /** @return how long the oldest waiter may be overtaken; see {@link Builder#fairnessThreshold(Duration)} */
    public Duration fairnessThreshold() {
        return duration(FAIRNESS_THRESHOLD);
    }

    /** @return the utilisation alert's ratio; see {@link Builder#alertUtilisationRatio(double)} */
    public double alertUtilisationRatio() {
        return (Double) settings.get(ALERT_UTILISATION_RATIO);
    }

    /** @return how long utilisation must last to alert; see {@link Builder#alertUtilisationFor(Duration)} */
    public Duration alertUtilisationFor() {
        return duration(ALERT_UTILISATION_FOR);
    }

    /** @return how long waiters must last to alert; see {@link Builder#alertWaitersFor(Duration)} */
    public Duration alertWaitersFor() {
        return duration(ALERT_WAITERS_FOR);
    }

    /** @return the borrow-timeout alert's quiet period; see {@link Builder#alertBorrowTimeoutQuietPeriod} */
    public Duration alertBorrowTimeoutQuietPeriod() {
        return duration(ALERT_BORROW_TIMEOUT_QUIET);
    }

    /** @return how long the breaker must stay open to alert; see {@link Builder#alertCircuitOpenFor(Duration)} */
    public Duration alertCircuitOpenFor() {
        return duration(ALERT_CIRCUIT_OPEN_FOR);
    }

    /** @return failed opens that fire the alert; see {@link Builder#alertConnectionFailures(int)} */
    public int alertConnectionFailures() {
        return (Integer) settings.get(ALERT_CONNECTION_FAILURES);
    }

    /** @return the failed-open window; see {@link Builder#alertConnectionFailureWindow(Duration)} */
    public Duration alertConnectionFailureWindow() {
        return duration(ALERT_CONNECTION_FAILURE_WINDOW);
    }

    /** @return the leak alert's quiet period; see {@link Builder#alertLeakQuietPeriod(Duration)} */
    public Duration alertLeakQuietPeriod() {
        return duration(ALERT_LEAK_QUIET);
    }

    /** @return the open-time spike factor; see {@link Builder#alertOpenDurationFactor(double)} */
    public double alertOpenDurationFactor() {
        return (Double) settings.get(ALERT_OPEN_DURATION_FACTOR);
    }

    /** @return the open-time floor; see {@link Builder#alertOpenDurationFloor(Duration)} */
    public Duration alertOpenDurationFloor() {
        return duration(ALERT_OPEN_DURATION_FLOOR);
    }

    /** @return the open-time window; see {@link Builder#alertOpenDurationWindow(Duration)} */
    public Duration alertOpenDurationWindow() {
        return duration(ALERT_OPEN_DURATION_WINDOW);
    }

    /** @return the open-time baseline; see {@link Builder#alertOpenDurationBaseline(Duration)} */
    public Duration alertOpenDurationBaseline() {
        return duration(ALERT_OPEN_DURATION_BASELINE);
    }

    /**
     * @return the pool's configuration, built and checked once by {@link Builder#build()}: what the pool runs on
     *     (the password is in it, for connecting; its {@code toString()} masks it)
     */
    public PoolConfig poolConfig() {
        return poolConfig;
    }

    /** @return the retry rules, built once by {@link Builder#build()} ({@link RetryConfig#disabled()} when off) */
    public RetryConfig retryConfig() {
        return retryConfig;
    }

    /** @return the circuit breaker's rules, built once by {@link Builder#build()} */
    public CircuitBreakerConfig circuitBreakerConfig() {
        return circuitBreakerConfig;
    }

    /** @return the built-in alert rules' thresholds, built once by {@link Builder#build()} */
    public AlertThresholds alertThresholds() {
        return alertThresholds;
    }

    /** @return the SQLSTATE table with {@link #additionalTransientSqlStates()} added, shared by pool and retries */
    public SqlStateClassifier sqlStateClassifier() {
        return classifier;
    }

    /** @return the registered listeners, in registration order; unmodifiable */
    public List<BallastListener> listeners() {
        return listeners;
    }

    private Duration duration(OptionKey key) {
        return (Duration) settings.get(key);
    }

    private boolean flag(OptionKey key) {
        return (Boolean) settings.get(key);
    }

    /** Equal when every setting, the connection, the credentials and the listeners are equal. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DatabaseOptions)) {
            return false;
        }
        DatabaseOptions other = (DatabaseOptions) o;
        return settings.equals(other.settings) && url.equals(other.url) && Objects.equals(username, other.username)
                && password.equals(other.password) && listeners.equals(other.listeners);
    }

    @Override
    public int hashCode() {
        return Objects.hash(settings, url, username, password, listeners);
    }

    /**
     * The same view as {@link #toString()} as a map, for dashboards and diagnostics: every setting by its builder
     * name ({@code url}, {@code username}, {@code password}, {@code minPoolSize}, ...), durations in seconds with an
     * {@code s} suffix, the password and any password in the URL masked.
     *
     * @return the masked settings in a stable order (read-only)
     */
    public Map<String, String> toMaskedMap() {
        return OptionsText.asMap(url, username, password, settings);
    }

    /** @return every setting, with the password (and any password in the URL) masked */
    @Override
    public String toString() {
        return OptionsText.format(url, username, password, settings, listeners);
    }

    /**
     * Collects options; {@link #build()} checks the combination. Each setter checks its argument at once and
     * throws {@link IllegalArgumentException} naming the key and the value. Not thread-safe.
     */
    public static final class Builder {

        private final EnumMap<OptionKey, Object> settings;
        private final EnumSet<OptionKey> explicit = EnumSet.noneOf(OptionKey.class);
        private final List<BallastListener> listeners = new ArrayList<>();
        private ParsedConnection connection;
        private String username;
        private Secret password = Secret.none();

        private Builder() {
            settings = OptionKey.defaults();
        }

        private Builder(DatabaseOptions from) {
            settings = new EnumMap<>(from.settings);
            connection = ParsedConnection.parse(from.url);
            username = from.username;
            password = from.password;
            listeners.addAll(from.listeners);
        }

        private Builder put(OptionKey key, Object value) {
            settings.put(key, value);
            explicit.add(key);
            return this;
        }

        /**
         * Minimum number of connections kept open in total (Npgsql's meaning), filled by a background maintainer.
         * Key {@code MinPoolSize}, Npgsql {@code Minimum Pool Size}. Default 2; at least 0; at most MaxPoolSize.
         *
         * @param count the minimum
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder minPoolSize(int count) {
            return put(MIN_POOL_SIZE, Checks.atLeast(MIN_POOL_SIZE, count, 0));
        }

        /**
         * Hard cap on connections. Key {@code MaxPoolSize}, Npgsql {@code Maximum Pool Size}. Default 20; at least 1.
         *
         * @param count the maximum
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxPoolSize(int count) {
            return put(MAX_POOL_SIZE, Checks.atLeast(MAX_POOL_SIZE, count, 1));
        }

        /**
         * Age after which a connection is retired (on return or while idle, with jitter). Key
         * {@code ConnectionLifetimeSeconds}, Npgsql {@code Connection Lifetime}. Default 600 s; zero means
         * connections are never retired for age (as in Npgsql).
         *
         * @param lifetime the lifetime
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder connectionLifetime(Duration lifetime) {
            return put(CONNECTION_LIFETIME, Checks.notNegative(CONNECTION_LIFETIME, lifetime));
        }

        /**
         * How long a connection above the minimum may stay idle before it is closed. Key
         * {@code ConnectionIdleLifetimeSeconds}, Npgsql {@code Connection Idle Lifetime}. Default 300 s; above 0.
         *
         * @param lifetime the idle lifetime
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder connectionIdleLifetime(Duration lifetime) {
            return put(CONNECTION_IDLE_LIFETIME, Checks.positive(CONNECTION_IDLE_LIFETIME, lifetime));
        }

        /**
         * Longest wait to borrow a connection or open one. Key {@code ConnectionTimeoutSeconds}, Npgsql
         * {@code Timeout}. Default 15 s; above 0 (there is no "wait forever").
         *
         * @param timeout the timeout
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder connectionTimeout(Duration timeout) {
            return put(CONNECTION_TIMEOUT, Checks.positive(CONNECTION_TIMEOUT, timeout));
        }

        /**
         * Default bound on every statement. Key {@code CommandTimeoutSeconds}, Npgsql {@code Command Timeout}.
         * Default 30 s; zero means no timeout.
         *
         * @param timeout the timeout
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder commandTimeout(Duration timeout) {
            return put(COMMAND_TIMEOUT, Checks.notNegative(COMMAND_TIMEOUT, timeout));
        }

        /**
         * Whether to pool; when false every borrow opens a physical connection and closing it closes that. Key
         * {@code EnablePooling}, Npgsql {@code Pooling}. Default true.
         *
         * @param enabled whether to pool
         * @return this builder
         */
        public Builder enablePooling(boolean enabled) {
            return put(ENABLE_POOLING, enabled);
        }

        /**
         * Whether transient failures are retried. Key {@code EnableRetryPolicy}. Default true.
         *
         * @param enabled whether to retry
         * @return this builder
         */
        public Builder enableRetryPolicy(boolean enabled) {
            return put(ENABLE_RETRY_POLICY, enabled);
        }

        /**
         * Retries after the first attempt (3 means up to 4 attempts). Key {@code RetryCount}. Default 3; 0 to 100.
         *
         * @param count the number of retries
         * @return this builder
         * @throws IllegalArgumentException if negative or above 100
         */
        public Builder retryCount(int count) {
            return put(RETRY_COUNT, Checks.between(RETRY_COUNT, count, 0, 100));
        }

        /**
         * Base delay between retries, grown by {@link #backoffType}. Key {@code RetryDelaySeconds}. Default 2 s;
         * at least 0; at most MaxRetryDelaySeconds and 24 h.
         *
         * @param delay the base delay
         * @return this builder
         * @throws IllegalArgumentException if negative or above 24 h
         */
        public Builder retryDelay(Duration delay) {
            return put(RETRY_DELAY, Checks.notNegativeUpTo(RETRY_DELAY, delay, Checks.LONGEST_RESILIENCE_TIME));
        }

        /**
         * Whether the circuit breaker is on. Key {@code EnableCircuitBreaker}. Default true.
         *
         * @param enabled whether to use the breaker
         * @return this builder
         */
        public Builder enableCircuitBreaker(boolean enabled) {
            return put(ENABLE_CIRCUIT_BREAKER, enabled);
        }

        /**
         * Minimum throughput: calls in the sampling window before the breaker may open. Key
         * {@code CircuitBreakerThreshold}. Default 5; at least 1.
         *
         * @param calls the minimum number of calls
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder circuitBreakerThreshold(int calls) {
            return put(CIRCUIT_BREAKER_THRESHOLD, Checks.atLeast(CIRCUIT_BREAKER_THRESHOLD, calls, 1));
        }

        /**
         * How long the circuit stays open before one probe call is let through. Key
         * {@code CircuitBreakerDurationSeconds}. Default 60 s; 0.001 s to 24 h.
         *
         * @param duration the break duration
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder circuitBreakerDuration(Duration duration) {
            return put(CIRCUIT_BREAKER_DURATION, Checks.between(CIRCUIT_BREAKER_DURATION, duration,
                    Duration.ofMillis(1), Checks.LONGEST_RESILIENCE_TIME));
        }

        /**
         * Transient-failure ratio within the sampling window at which the breaker opens. Key
         * {@code FailureRatio}. Default 0.5; greater than 0 and at most 1.
         *
         * @param ratio the ratio
         * @return this builder
         * @throws IllegalArgumentException if out of range or NaN
         */
        public Builder failureRatio(double ratio) {
            return put(FAILURE_RATIO, Checks.ratio(FAILURE_RATIO, ratio));
        }

        /**
         * The breaker's sampling window. Key {@code SamplingDurationSeconds}. Default 30 s; 0.001 s to 24 h.
         *
         * @param duration the window
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder samplingDuration(Duration duration) {
            return put(SAMPLING_DURATION, Checks.between(SAMPLING_DURATION, duration, Duration.ofMillis(1),
                    Checks.LONGEST_RESILIENCE_TIME));
        }

        /**
         * How the retry delay grows. Key {@code BackoffType}: {@code Constant}, {@code Linear} or
         * {@code Exponential} (any case). Default {@link BackoffType#EXPONENTIAL}.
         *
         * @param type the backoff
         * @return this builder
         * @throws NullPointerException if null
         */
        public Builder backoffType(BackoffType type) {
            return put(BACKOFF_TYPE, Objects.requireNonNull(type, "backoffType"));
        }

        /**
         * Whether retry delays are randomised around their nominal value. Key {@code UseJitter}. Default true.
         *
         * @param jitter whether to jitter
         * @return this builder
         */
        public Builder retryJitter(boolean jitter) {
            return put(USE_JITTER, jitter);
        }

        /**
         * Cap on any one retry delay. Key {@code MaxRetryDelaySeconds}. Default 30 s; at least RetryDelaySeconds,
         * at most 24 h.
         *
         * @param delay the cap
         * @return this builder
         * @throws IllegalArgumentException if negative or above 24 h
         */
        public Builder maxRetryDelay(Duration delay) {
            return put(MAX_RETRY_DELAY, Checks.notNegativeUpTo(MAX_RETRY_DELAY, delay,
                    Checks.LONGEST_RESILIENCE_TIME));
        }

        /**
         * Longest a connection validation may take. Key {@code ValidationTimeoutSeconds}. Default 5 s; above 0.
         *
         * @param timeout the timeout
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder validationTimeout(Duration timeout) {
            return put(VALIDATION_TIMEOUT, Checks.positive(VALIDATION_TIMEOUT, timeout));
        }

        /**
         * How often idle connections are validated. Key {@code KeepaliveSeconds}, Npgsql {@code Keepalive}.
         * Default 120 s; zero turns keepalive off.
         *
         * @param interval the interval
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder keepaliveInterval(Duration interval) {
            return put(KEEPALIVE, Checks.notNegative(KEEPALIVE, interval));
        }

        /**
         * How long a connection may be held before it is reported, with the borrower's stack trace, as a possible
         * leak. Key {@code LeakDetectionThresholdSeconds}. Default 0 (off); at least 0.
         *
         * @param threshold the threshold
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder leakDetectionThreshold(Duration threshold) {
            return put(LEAK_DETECTION_THRESHOLD, Checks.notNegative(LEAK_DETECTION_THRESHOLD, threshold));
        }

        /**
         * Whether returning a connection skips the session reset (JDBC state is always restored). Key
         * {@code NoResetOnClose}, Npgsql {@code No Reset On Close}. Default true (skipping {@code DISCARD ALL}
         * keeps prepared statements; Npgsql's own default is false).
         *
         * @param noReset whether to skip the reset
         * @return this builder
         */
        public Builder noResetOnClose(boolean noReset) {
            return put(NO_RESET_ON_CLOSE, noReset);
        }

        /**
         * Whether the pool sizes itself: it keeps a concurrency limit between MinPoolSize and MaxPoolSize and moves it,
         * from measured throughput, connection hold time and errors (53300, borrow timeouts), to the size where
         * throughput stops rising (borrowers beyond the limit wait in the same fair queue; borrowers waiting while no
         * connection comes back raise it to MaxPoolSize at once). A pool whose MinPoolSize equals its MaxPoolSize has a
         * fixed size and is not tuned. Key {@code EnablePoolAutoTuning}. Default true. See
         * {@code docs/pool-auto-tuning.md}.
         *
         * @param enabled whether to tune the pool size
         * @return this builder
         */
        public Builder enablePoolAutoTuning(boolean enabled) {
            return put(ENABLE_POOL_AUTO_TUNING, enabled);
        }

        /**
         * How many statements per connection are prepared on the server (pgjdbc's statement cache). Key
         * {@code MaxAutoPrepare}, Npgsql {@code Max Auto Prepare}. Default 10; at least 0 (0 turns it off).
         *
         * @param count the number of statements
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxAutoPrepare(int count) {
            return put(MAX_AUTO_PREPARE, Checks.atLeast(MAX_AUTO_PREPARE, count, 0));
        }

        /**
         * Uses after which a statement is prepared on the server (pgjdbc's {@code prepareThreshold}). Key
         * {@code AutoPrepareMinUsages}, Npgsql {@code Auto Prepare Min Usages}. Default 2; at least 1.
         *
         * @param uses the number of uses
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder autoPrepareMinUsages(int uses) {
            return put(AUTO_PREPARE_MIN_USAGES, Checks.atLeast(AUTO_PREPARE_MIN_USAGES, uses, 1));
        }

        /**
         * Tells Ballast that it reaches PostgreSQL through PgBouncer, and in which pool mode. Key
         * {@code PgBouncerPoolMode}: {@code None}, {@code Session} or {@code Transaction} (any case). Default
         * {@link PgBouncerPoolMode#NONE}. With {@code Transaction} no statement is prepared on the server by name,
         * no session reset runs on return, and SQL that needs a session of its own (LISTEN, session advisory locks,
         * WITH HOLD cursors) is reported. See {@code docs/pgbouncer.md}.
         *
         * @param mode the bouncer's pool mode
         * @return this builder
         * @throws NullPointerException if {@code mode} is null
         */
        public Builder pgBouncerPoolMode(PgBouncerPoolMode mode) {
            return put(PGBOUNCER_POOL_MODE, Objects.requireNonNull(mode, "pgBouncerPoolMode"));
        }

        /**
         * The {@code application_name} sessions report to PostgreSQL. Key {@code ApplicationName}, Npgsql
         * {@code Application Name}, pgjdbc {@code ApplicationName}. Default {@code "ballast"}; at most 63 bytes.
         *
         * @param name the name
         * @return this builder
         * @throws IllegalArgumentException if longer than PostgreSQL keeps
         * @throws NullPointerException if null
         */
        public Builder applicationName(String name) {
            return put(APPLICATION_NAME, Checks.applicationName(name));
        }

        /**
         * The pool's name in metrics ({@code db.client.connection.pool.name}), logs and health data. Key
         * {@code PoolName}. Default {@code "ballast"}; not blank.
         *
         * @param name the name
         * @return this builder
         * @throws IllegalArgumentException if blank
         * @throws NullPointerException if null
         */
        public Builder poolName(String name) {
            return put(POOL_NAME, Checks.notBlank(POOL_NAME, name));
        }

        /**
         * SQLSTATE codes to treat as transient besides Ballast's own table (e.g. {@code 57014} for
         * query_canceled). Key {@code AdditionalTransientSqlStates}: a JSON array or a comma-separated string.
         * Default none. Each must be five digits or capital letters; none may repeat. Replaces earlier codes.
         *
         * @param codes the codes
         * @return this builder
         * @throws IllegalArgumentException if a code is malformed or repeated
         * @throws NullPointerException if the collection or a code is null
         */
        public Builder additionalTransientSqlStates(Collection<String> codes) {
            return put(ADDITIONAL_TRANSIENT_SQL_STATES, Checks.sqlStates(codes));
        }

        /**
         * As {@link #additionalTransientSqlStates(Collection)}.
         *
         * @param codes the codes
         * @return this builder
         */
        public Builder additionalTransientSqlStates(String... codes) {
            return additionalTransientSqlStates(Arrays.asList(codes));
        }

        /**
         * How long {@code close()} waits for borrowed connections to come back. Key
         * {@code ShutdownTimeoutSeconds}. Default 30 s; at least 0.
         *
         * @param timeout the timeout
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder shutdownTimeout(Duration timeout) {
            return put(SHUTDOWN_TIMEOUT, Checks.notNegative(SHUTDOWN_TIMEOUT, timeout));
        }

        /**
         * The health check reports Degraded when MaxPoolSize is below this (as the ASP.NET health check of an
         * Npgsql pool has it). Key
         * {@code HealthDegradedBelowMaxPoolSize}. Default 10; at least 0 (0 turns the rule off).
         *
         * @param size the threshold
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder healthDegradedBelowMaxPoolSize(int size) {
            return put(HEALTH_DEGRADED_BELOW_MAX_POOL_SIZE,
                    Checks.atLeast(HEALTH_DEGRADED_BELOW_MAX_POOL_SIZE, size, 0));
        }

        /**
         * With several hosts: a standby whose replay is further behind the primary than this serves no reads (they
         * go to another standby, else the primary). Lag is measured from WAL positions (the standby's replayed
         * position against the primary's, timed by when the primary wrote it), so an idle primary never makes a
         * caught-up standby look stale. Key {@code MaxReplicaLagSeconds}. Default 5 s; above 0.
         *
         * @param lag the bound
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder maxReplicaLag(Duration lag) {
            return put(MAX_REPLICA_LAG, Checks.positive(MAX_REPLICA_LAG, lag));
        }

        /**
         * With several hosts: spread reads over every healthy standby within the lag bound (true), or use the first
         * such standby in connection-string order (false). Key {@code LoadBalanceHosts}, Npgsql
         * {@code Load Balance Hosts}, pgjdbc {@code loadBalanceHosts}. Default true.
         *
         * @param spread whether to spread reads
         * @return this builder
         */
        public Builder loadBalanceHosts(boolean spread) {
            return put(LOAD_BALANCE_HOSTS, spread);
        }

        /**
         * With several hosts: how often the background monitor asks each host its role and WAL position (on one
         * connection per host, counted in that host's MaxPoolSize). A connection error (25006, 57P01, class 08)
         * triggers a probe at once as well. Key {@code TopologyProbeIntervalSeconds}. Default 1 s; above 0, at
         * most 60 s.
         *
         * @param interval the interval
         * @return this builder
         * @throws IllegalArgumentException if zero, negative or above 60 s
         */
        public Builder topologyProbeInterval(Duration interval) {
            Checks.positive(TOPOLOGY_PROBE_INTERVAL, interval);
            if (interval.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new OptionException("TopologyProbeIntervalSeconds must be at most 60, but was "
                        + Checks.seconds(interval), TOPOLOGY_PROBE_INTERVAL);
            }
            return put(TOPOLOGY_PROBE_INTERVAL, interval);
        }

        /**
         * With several hosts: every read through {@code readDataSource()} or {@code readOnlyTransaction} waits
         * (at most ReadYourWritesTimeoutSeconds) until its standby has replayed the last transaction this instance
         * committed, else goes to the primary. Key {@code ReadYourWrites}. Default false (reads may be up to
         * MaxReplicaLagSeconds stale); it can also be asked for per call.
         *
         * @param enabled whether reads see this instance's writes
         * @return this builder
         */
        public Builder readYourWrites(boolean enabled) {
            return put(READ_YOUR_WRITES, enabled);
        }

        /**
         * With several hosts: how long a read-your-writes read waits for a standby to replay the write before it
         * goes to the primary instead. Key {@code ReadYourWritesTimeoutSeconds}. Default 1 s; at least 0 (0: use a
         * standby only if it has replayed the write already).
         *
         * @param timeout the bound
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder readYourWritesTimeout(Duration timeout) {
            return put(READ_YOUR_WRITES_TIMEOUT, Checks.notNegative(READ_YOUR_WRITES_TIMEOUT, timeout));
        }

        /**
         * With several hosts: the most physical connections opened per second to any one host, so that a freshly
         * promoted primary is warmed up without a storm of connects. Key {@code HostConnectRatePerSecond}.
         * Default 20; at least 1.
         *
         * @param perSecond connections per second
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder hostConnectRate(int perSecond) {
            return put(HOST_CONNECT_RATE, Checks.atLeast(HOST_CONNECT_RATE, perSecond, 1));
        }

        /**
         * How long the oldest waiter may wait while running borrowers take returned connections ahead of it; past
         * it, every returned connection goes to the oldest waiter (strict first come, first served). Key
         * {@code FairnessThresholdSeconds}. Default 0.005 s (5 ms); at least 0 (0: always strict).
         *
         * @param threshold the threshold
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder fairnessThreshold(Duration threshold) {
            return put(FAIRNESS_THRESHOLD, Checks.notNegative(FAIRNESS_THRESHOLD, threshold));
        }

        /**
         * The share of MaxPoolSize in use above which the {@code pool_utilisation_high} alert counts the pool as
         * highly utilised. Key {@code AlertUtilisationRatio}. Default 0.8 (strictly more than 80%); greater than 0
         * and at most 1.
         *
         * @param ratio the ratio
         * @return this builder
         * @throws IllegalArgumentException if out of range or NaN
         */
        public Builder alertUtilisationRatio(double ratio) {
            return put(ALERT_UTILISATION_RATIO, Checks.ratio(ALERT_UTILISATION_RATIO, ratio));
        }

        /**
         * How long utilisation must stay above the ratio before {@code pool_utilisation_high} fires. Key
         * {@code AlertUtilisationSeconds}. Default 30 s; at least 0 (0: at the first evaluation).
         *
         * @param sustainedFor the duration
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder alertUtilisationFor(Duration sustainedFor) {
            return put(ALERT_UTILISATION_FOR, Checks.notNegative(ALERT_UTILISATION_FOR, sustainedFor));
        }

        /**
         * How long callers must keep waiting for a connection before {@code pool_waiters_present} fires. Key
         * {@code AlertWaitersSeconds}. Default 30 s; at least 0.
         *
         * @param sustainedFor the duration
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder alertWaitersFor(Duration sustainedFor) {
            return put(ALERT_WAITERS_FOR, Checks.notNegative(ALERT_WAITERS_FOR, sustainedFor));
        }

        /**
         * How long after the last borrow timeout {@code borrow_timeout} clears. Key
         * {@code AlertBorrowTimeoutQuietSeconds}. Default 60 s; above 0.
         *
         * @param quiet the quiet period
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder alertBorrowTimeoutQuietPeriod(Duration quiet) {
            return put(ALERT_BORROW_TIMEOUT_QUIET, Checks.positive(ALERT_BORROW_TIMEOUT_QUIET, quiet));
        }

        /**
         * How long the circuit breaker must stay not closed before {@code circuit_open} fires. Key
         * {@code AlertCircuitOpenSeconds}. Default 0 (at once); at least 0.
         *
         * @param sustainedFor the duration
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder alertCircuitOpenFor(Duration sustainedFor) {
            return put(ALERT_CIRCUIT_OPEN_FOR, Checks.notNegative(ALERT_CIRCUIT_OPEN_FOR, sustainedFor));
        }

        /**
         * Failed attempts to open a connection, within the failure window, that fire
         * {@code connection_failures_high}. Key {@code AlertConnectionFailures}. Default 5; at least 1.
         *
         * @param failures the number of failures
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder alertConnectionFailures(int failures) {
            return put(ALERT_CONNECTION_FAILURES, Checks.atLeast(ALERT_CONNECTION_FAILURES, failures, 1));
        }

        /**
         * The sliding window failed opens are counted in for {@code connection_failures_high}. Key
         * {@code AlertConnectionFailureWindowSeconds}. Default 60 s; above 0.
         *
         * @param window the window
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder alertConnectionFailureWindow(Duration window) {
            return put(ALERT_CONNECTION_FAILURE_WINDOW, Checks.positive(ALERT_CONNECTION_FAILURE_WINDOW, window));
        }

        /**
         * How long after the last leak report {@code connection_leak} clears. Key {@code AlertLeakQuietSeconds}.
         * Default 300 s; above 0.
         *
         * @param quiet the quiet period
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder alertLeakQuietPeriod(Duration quiet) {
            return put(ALERT_LEAK_QUIET, Checks.positive(ALERT_LEAK_QUIET, quiet));
        }

        /**
         * How many times the median open time of the baseline the last window's p99 must exceed for
         * {@code connection_open_slow} to fire. Key {@code AlertOpenDurationFactor}. Default 3; at least 1.
         *
         * @param factor the factor
         * @return this builder
         * @throws IllegalArgumentException if below 1 or not a number
         */
        public Builder alertOpenDurationFactor(double factor) {
            return put(ALERT_OPEN_DURATION_FACTOR, Checks.atLeast(ALERT_OPEN_DURATION_FACTOR, factor, 1.0));
        }

        /**
         * The p99 open time at or below which {@code connection_open_slow} never fires, however large the factor
         * (so 2 ms becoming 5 ms on loopback pages no one). Key {@code AlertOpenDurationFloorSeconds}. Default
         * 0.1 s; at least 0.
         *
         * @param floor the floor
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder alertOpenDurationFloor(Duration floor) {
            return put(ALERT_OPEN_DURATION_FLOOR, Checks.notNegative(ALERT_OPEN_DURATION_FLOOR, floor));
        }

        /**
         * The recent window whose p99 open time {@code connection_open_slow} judges. Key
         * {@code AlertOpenDurationWindowSeconds}. Default 60 s; above 0.
         *
         * @param window the window
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder alertOpenDurationWindow(Duration window) {
            return put(ALERT_OPEN_DURATION_WINDOW, Checks.positive(ALERT_OPEN_DURATION_WINDOW, window));
        }

        /**
         * The baseline before the recent window, whose median open time is the yardstick of
         * {@code connection_open_slow}. Key {@code AlertOpenDurationBaselineSeconds}. Default 900 s; above 0.
         *
         * @param baseline the baseline
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder alertOpenDurationBaseline(Duration baseline) {
            return put(ALERT_OPEN_DURATION_BASELINE, Checks.positive(ALERT_OPEN_DURATION_BASELINE, baseline));
        }

        /**
         * Where to connect: a pgjdbc URL ({@code jdbc:postgresql://host:5432/db?sslmode=require}) or an Npgsql
         * connection string ({@code Host=db;Port=5432;Database=app;Username=u;Password=p;SSL Mode=Require}), which
         * is converted to a JDBC URL. Credentials, {@code ApplicationName} and Npgsql pool keywords in it are
         * taken as the matching settings; {@link #build()} rejects one that disagrees with a value set on this
         * builder. Key {@code ConnectionString} (or {@code ConnectionStrings.Default}). Required.
         *
         * @param connectionString the JDBC URL or Npgsql connection string
         * @return this builder
         * @throws IllegalArgumentException if malformed, or it has an unknown keyword or parameter (the message
         *     never contains the password)
         * @throws NullPointerException if null
         */
        public Builder url(String connectionString) {
            ParsedConnection parsed = ParsedConnection.parse(Objects.requireNonNull(connectionString, "url"));
            if (parsed.npgsql() && parsed.address().hosts().isEmpty()) {
                throw new OptionException("ConnectionString has no Host", CONNECTION_STRING);
            }
            HostList.resolve(parsed.address()); // a host given twice, or pgjdbc's routing with several hosts
            Builder probe = new Builder(); // range-check the values the string carries, now
            parsed.settings().values().forEach(s -> ConfigLoader.apply(probe, s));
            connection = parsed;
            return this;
        }

        /**
         * The user name. Key {@code Username}, Npgsql {@code Username} / {@code User Id} / {@code User}. Default
         * none (the driver's default applies).
         *
         * @param user the user name
         * @return this builder
         * @throws IllegalArgumentException if blank
         * @throws NullPointerException if null
         */
        public Builder username(String user) {
            username = Checks.notBlank(USERNAME, user);
            explicit.add(USERNAME);
            return this;
        }

        /**
         * The password, kept as a {@link Secret}. Key {@code Password}, Npgsql {@code Password} / {@code Pwd}.
         * Default none; the empty string means none.
         *
         * @param secret the password
         * @return this builder
         * @throws NullPointerException if null
         */
        public Builder password(String secret) {
            password = Secret.of(Objects.requireNonNull(secret, "password"));
            explicit.add(PASSWORD);
            return this;
        }

        /**
         * Applies the settings a framework carries as flat text under its own section, e.g. Spring Boot's
         * {@code spring.datasource.ballast.max-pool-size=20}: every entry named {@code prefix.key}, where key is any
         * option's name in any spelling ({@code max-pool-size}, {@code maxPoolSize}, {@code MAX_POOL_SIZE}) and a
         * list key may also be indexed ({@code additional-transient-sql-states[0]}). Values are converted and
         * checked as the file sources do (durations are numbers of seconds). Entries outside the prefix are
         * ignored. The connection is not read here: set it with {@link #url}, {@link #username} and
         * {@link #password}.
         *
         * @param properties names and values, as the framework resolved them
         * @param prefix the section, without the trailing dot, e.g. {@code spring.datasource.ballast}
         * @return this builder
         * @throws IllegalArgumentException naming the property: an unknown key under the prefix (with a
         *     did-you-mean), a connection key, a value of the wrong type or out of range, or one key given twice
         *     with different values; never with a password in the message
         * @throws NullPointerException if an argument is null
         */
        public Builder properties(Map<String, String> properties, String prefix) {
            ConfigLoader.applyPrefixed(this, Objects.requireNonNull(properties, "properties"),
                    Objects.requireNonNull(prefix, "prefix"));
            return this;
        }

        /**
         * Adds a listener for pool and resilience events; may be called repeatedly, listeners are called in
         * registration order.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if null
         */
        public Builder listener(BallastListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Checks the combination and builds the options, together with the typed configurations the pool, the
         * retries, the circuit breaker and the alert rules run on ({@link DatabaseOptions#poolConfig()}, ...):
         * options that build start.
         *
         * @return the options
         * @throws IllegalArgumentException if there is no connection, MinPoolSize exceeds MaxPoolSize,
         *     RetryDelaySeconds exceeds MaxRetryDelaySeconds, or a value in the connection string disagrees with
         *     one set on this builder
         */
        public DatabaseOptions build() {
            if (connection == null) {
                throw new OptionException(NO_CONNECTION, CONNECTION_STRING);
            }
            EnumMap<OptionKey, Object> merged = new EnumMap<>(settings);
            String user = username;
            Secret secret = password;
            for (Setting fromUrl : connection.settings().values()) {
                switch (fromUrl.key()) {
                    case USERNAME -> user = (String) resolve(fromUrl, username);
                    case PASSWORD -> secret = (Secret) resolve(fromUrl, password);
                    default -> merged.put(fromUrl.key(), resolve(fromUrl, settings.get(fromUrl.key())));
                }
            }
            Checks.combination(merged);
            if (connection.address().hosts().size() > 1 && (Integer) merged.get(MAX_POOL_SIZE) < 2) {
                throw new OptionException("MaxPoolSize must be at least 2 with several hosts (each host's monitor"
                        + " connection counts in its MaxPoolSize), but was " + merged.get(MAX_POOL_SIZE),
                        MAX_POOL_SIZE);
            }
            return new DatabaseOptions(merged, connection.jdbcUrl(), user, secret, listeners);
        }

        /** A value the connection string carries is taken, unless this builder was given one: then they must agree. */
        private Object resolve(Setting fromUrl, Object own) {
            OptionKey key = fromUrl.key();
            return explicit.contains(key) ? Checks.agree(key, own, key.builderName() + "(…)", fromUrl) : fromUrl.value();
        }
    }
}
