package dev.ballast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.internal.config.OptionKey;
import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.resilience.BackoffType;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key, set to a value other than its default, reaches its accessor through JSON, YAML, both properties
 * styles and both environment styles.
 */
class EveryKeyRoundTripTest {

    /** A non-default value per key: {JSON literal, text for properties and environment, expected accessor value}. */
    private static final Map<OptionKey, Object[]> SAMPLES = new EnumMap<>(OptionKey.class);

    static {
        sample(OptionKey.MIN_POOL_SIZE, "3", "3", 3);
        sample(OptionKey.MAX_POOL_SIZE, "40", "40", 40);
        sample(OptionKey.CONNECTION_LIFETIME, "0.5", "0.5", Duration.ofMillis(500));
        sample(OptionKey.CONNECTION_IDLE_LIFETIME, "120", "120", Duration.ofSeconds(120));
        sample(OptionKey.CONNECTION_TIMEOUT, "7.25", "7.25", Duration.ofMillis(7250));
        sample(OptionKey.COMMAND_TIMEOUT, "0", "0", Duration.ZERO);
        sample(OptionKey.ENABLE_POOLING, "false", "false", false);
        sample(OptionKey.ENABLE_RETRY_POLICY, "false", "False", false);
        sample(OptionKey.RETRY_COUNT, "0", "0", 0);
        sample(OptionKey.RETRY_DELAY, "1.5", "1.5", Duration.ofMillis(1500));
        sample(OptionKey.ENABLE_CIRCUIT_BREAKER, "false", "FALSE", false);
        sample(OptionKey.CIRCUIT_BREAKER_THRESHOLD, "9", "9", 9);
        sample(OptionKey.CIRCUIT_BREAKER_DURATION, "45", "45", Duration.ofSeconds(45));
        sample(OptionKey.FAILURE_RATIO, "0.25", "0.25", 0.25);
        sample(OptionKey.SAMPLING_DURATION, "10", "10", Duration.ofSeconds(10));
        sample(OptionKey.BACKOFF_TYPE, "'linear'", "Constant", null);
        sample(OptionKey.USE_JITTER, "false", "false", false);
        sample(OptionKey.MAX_RETRY_DELAY, "12", "12", Duration.ofSeconds(12));
        sample(OptionKey.VALIDATION_TIMEOUT, "2", "2", Duration.ofSeconds(2));
        sample(OptionKey.KEEPALIVE, "0", "0", Duration.ZERO);
        sample(OptionKey.LEAK_DETECTION_THRESHOLD, "20", "20", Duration.ofSeconds(20));
        sample(OptionKey.NO_RESET_ON_CLOSE, "false", "false", false);
        sample(OptionKey.ENABLE_POOL_AUTO_TUNING, "false", "False", false);
        sample(OptionKey.MAX_AUTO_PREPARE, "0", "0", 0);
        sample(OptionKey.AUTO_PREPARE_MIN_USAGES, "5", "5", 5);
        sample(OptionKey.PGBOUNCER_POOL_MODE, "'transaction'", "Session", null);
        sample(OptionKey.APPLICATION_NAME, "'tickets'", "tickets", "tickets");
        sample(OptionKey.POOL_NAME, "'primary'", "primary", "primary");
        sample(OptionKey.ADDITIONAL_TRANSIENT_SQL_STATES, "['57014', '55P03']", "57014, 55P03",
                List.of("57014", "55P03"));
        sample(OptionKey.SHUTDOWN_TIMEOUT, "5", "5", Duration.ofSeconds(5));
        sample(OptionKey.HEALTH_DEGRADED_BELOW_MAX_POOL_SIZE, "4", "4", 4);
        sample(OptionKey.MAX_REPLICA_LAG, "2.5", "2.5", Duration.ofMillis(2500));
        sample(OptionKey.LOAD_BALANCE_HOSTS, "false", "false", false);
        sample(OptionKey.TOPOLOGY_PROBE_INTERVAL, "0.5", "0.5", Duration.ofMillis(500));
        sample(OptionKey.READ_YOUR_WRITES, "true", "true", true);
        sample(OptionKey.READ_YOUR_WRITES_TIMEOUT, "3", "3", Duration.ofSeconds(3));
        sample(OptionKey.HOST_CONNECT_RATE, "7", "7", 7);
        sample(OptionKey.FAIRNESS_THRESHOLD, "0.002", "0.002", Duration.ofMillis(2));
        sample(OptionKey.ALERT_UTILISATION_RATIO, "0.9", "0.9", 0.9);
        sample(OptionKey.ALERT_UTILISATION_FOR, "10", "10", Duration.ofSeconds(10));
        sample(OptionKey.ALERT_WAITERS_FOR, "5", "5", Duration.ofSeconds(5));
        sample(OptionKey.ALERT_BORROW_TIMEOUT_QUIET, "30", "30", Duration.ofSeconds(30));
        sample(OptionKey.ALERT_CIRCUIT_OPEN_FOR, "15", "15", Duration.ofSeconds(15));
        sample(OptionKey.ALERT_CONNECTION_FAILURES, "3", "3", 3);
        sample(OptionKey.ALERT_CONNECTION_FAILURE_WINDOW, "120", "120", Duration.ofSeconds(120));
        sample(OptionKey.ALERT_LEAK_QUIET, "600", "600", Duration.ofSeconds(600));
        sample(OptionKey.ALERT_OPEN_DURATION_FACTOR, "4.5", "4.5", 4.5);
        sample(OptionKey.ALERT_OPEN_DURATION_FLOOR, "0.25", "0.25", Duration.ofMillis(250));
        sample(OptionKey.ALERT_OPEN_DURATION_WINDOW, "30", "30", Duration.ofSeconds(30));
        sample(OptionKey.ALERT_OPEN_DURATION_BASELINE, "600", "600", Duration.ofSeconds(600));
    }

    private static void sample(OptionKey key, String json, String text, Object expected) {
        SAMPLES.put(key, new Object[] {json, text, expected});
    }

    static Stream<OptionKey> settings() {
        return Arrays.stream(OptionKey.values()).filter(k -> !k.isConnection());
    }

    @Test
    void everySettingHasASample() {
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(settings().toList());
    }

    @ParameterizedTest
    @MethodSource("settings")
    void json(OptionKey key) {
        DatabaseOptions o = DatabaseOptions.fromJson(Json.database("'" + key.jsonName() + "': "
                + SAMPLES.get(key)[0]));
        assertThat(read(o, key)).isEqualTo(expected(key, true)).isNotEqualTo(key.defaultValue());
    }

    @ParameterizedTest
    @MethodSource("settings")
    void yaml(OptionKey key) {
        DatabaseOptions o = DatabaseOptions.fromYaml("Database:\n  ConnectionString: \"" + Json.CONNECTION
                + "\"\n  " + key.jsonName() + ": " + SAMPLES.get(key)[0] + "\n");
        assertThat(read(o, key)).isEqualTo(expected(key, true));
    }

    @ParameterizedTest
    @MethodSource("settings")
    void propertiesBothStyles(OptionKey key) {
        for (String name : List.of("database." + key.kebabName(), "Database." + key.jsonName())) {
            Properties p = new Properties();
            p.setProperty("connectionstrings.default", Json.CONNECTION);
            p.setProperty(name, (String) SAMPLES.get(key)[1]);
            assertThat(read(DatabaseOptions.fromProperties(p), key)).as(name).isEqualTo(expected(key, false));
        }
    }

    @ParameterizedTest
    @MethodSource("settings")
    void environmentBothStyles(OptionKey key) {
        for (String name : List.of("DATABASE__" + key.jsonName().toUpperCase(java.util.Locale.ROOT),
                "DATABASE_" + key.snakeName(), "Database__" + key.jsonName())) {
            Map<String, String> env = Map.of("CONNECTIONSTRINGS__DEFAULT", Json.CONNECTION,
                    name, (String) SAMPLES.get(key)[1]);
            assertThat(read(DatabaseOptions.fromEnvironment(env), key)).as(name).isEqualTo(expected(key, false));
        }
    }

    private static Object expected(OptionKey key, boolean json) {
        if (key == OptionKey.BACKOFF_TYPE) {
            return json ? BackoffType.LINEAR : BackoffType.CONSTANT;
        }
        if (key == OptionKey.PGBOUNCER_POOL_MODE) {
            return json ? PgBouncerPoolMode.TRANSACTION : PgBouncerPoolMode.SESSION;
        }
        Object e = SAMPLES.get(key)[2];
        return e instanceof List ? new java.util.LinkedHashSet<>((List<?>) e) : e;
    }

    /** Reads the accessor named like the builder method, so that the test covers every accessor by name. */
    private static Object read(DatabaseOptions options, OptionKey key) {
        try {
            return DatabaseOptions.class.getMethod(key.builderName()).invoke(options);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no accessor " + key.builderName(), e);
        }
    }
}
