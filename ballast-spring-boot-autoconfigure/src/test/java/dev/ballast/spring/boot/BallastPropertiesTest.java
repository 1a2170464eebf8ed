package dev.ballast.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.DatabaseOptions;
import dev.ballast.OptionDescriptor;
import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.resilience.BackoffType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * {@code spring.datasource.ballast.*}: every key of Ballast's key table binds, in Spring's relaxed spellings, and
 * a bad key or value stops the start with Ballast's message. Only the {@link DatabaseOptions} bean is made, so no
 * server is needed: nothing connects.
 */
class BallastPropertiesTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/app";
    private static final String PASSWORD = "s3cret-never-shown";

    private static ApplicationContextRunner optionsOnly() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BallastAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + URL, "spring.datasource.password=" + PASSWORD)
                .withInitializer(context -> context.addBeanFactoryPostProcessor(
                        new LazyInitializationBeanFactoryPostProcessor())); // the pool starts only if asked for
    }

    /** A valid value other than the default, for every key of the table: proof that each one reaches the options. */
    private static Object otherThanDefault(OptionDescriptor key) {
        Object d = key.defaultValue();
        Class<?> type = key.type();
        if (type == Integer.class) {
            return (Integer) d + 1;
        }
        if (type == Duration.class) {
            return ((Duration) d).plusSeconds(1);
        }
        if (type == Boolean.class) {
            return !(Boolean) d;
        }
        if (type == Double.class) {
            double v = (Double) d;
            return v < 1 ? (v + 1) / 2 : v + 1;
        }
        if (type == String.class) {
            return "spring-" + d;
        }
        if (type == BackoffType.class) {
            return d == BackoffType.LINEAR ? BackoffType.CONSTANT : BackoffType.LINEAR;
        }
        if (type == PgBouncerPoolMode.class) {
            return d == PgBouncerPoolMode.SESSION ? PgBouncerPoolMode.TRANSACTION : PgBouncerPoolMode.SESSION;
        }
        if (type == List.class) {
            return List.of("55P03", "57014");
        }
        throw new AssertionError("no test value for " + key + " of type " + type);
    }

    private static String text(Object value) {
        if (value instanceof Duration d) {
            return new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    private static Object read(DatabaseOptions options, OptionDescriptor key) throws Exception {
        Method accessor = DatabaseOptions.class.getMethod(key.builderName());
        Object value = accessor.invoke(options);
        return value instanceof Collection<?> c ? new ArrayList<>(new TreeSet<>(c.stream().map(String::valueOf)
                .toList())) : value;
    }

    private static List<OptionDescriptor> settings() {
        return OptionDescriptor.all().stream().filter(k -> !k.isConnection()).toList();
    }

    @Test
    void everyKeyOfTheTableBindsInKebabCase() {
        Map<OptionDescriptor, Object> expected = new LinkedHashMap<>();
        List<String> pairs = new ArrayList<>();
        for (OptionDescriptor key : settings()) {
            Object value = otherThanDefault(key);
            expected.put(key, value);
            pairs.add("spring.datasource.ballast." + key.kebabName() + "=" + text(value));
        }
        assertThat(pairs).hasSizeGreaterThan(40); // the whole table, replica-set keys included
        assertThat(pairs).anyMatch(p -> p.startsWith("spring.datasource.ballast.max-replica-lag-seconds="))
                .anyMatch(p -> p.startsWith("spring.datasource.ballast.load-balance-hosts="));
        optionsOnly().withPropertyValues(pairs.toArray(String[]::new)).run(context -> {
            assertThat(context).hasNotFailed();
            DatabaseOptions options = context.getBean(DatabaseOptions.class);
            for (Map.Entry<OptionDescriptor, Object> e : expected.entrySet()) {
                assertThat(read(options, e.getKey())).as(e.getKey().kebabName()).isEqualTo(e.getValue());
            }
        });
    }

    @Test
    void camelCaseEnvironmentVariablesAndIndexedListsBindToo() {
        optionsOnly()
                .withPropertyValues("spring.datasource.ballast.minPoolSize=4",
                        "spring.datasource.ballast.additional-transient-sql-states[0]=55P03",
                        "spring.datasource.ballast.additional-transient-sql-states[1]=57014")
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource(
                                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("SPRING_DATASOURCE_BALLAST_MAX_POOL_SIZE", "9",
                                        "SPRING_DATASOURCE_BALLAST_RETRY_COUNT", "${retries:6}"))))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DatabaseOptions options = context.getBean(DatabaseOptions.class);
                    assertThat(options.minPoolSize()).isEqualTo(4);
                    assertThat(options.maxPoolSize()).isEqualTo(9);
                    assertThat(options.retryCount()).isEqualTo(6);
                    assertThat(options.additionalTransientSqlStates()).containsExactlyInAnyOrder("55P03", "57014");
                });
    }

    @Test
    void theEnvironmentOverridesApplicationPropertiesForTheSameKey() {
        optionsOnly().withPropertyValues("spring.datasource.ballast.max-pool-size=5")
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource(
                                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("SPRING_DATASOURCE_BALLAST_MAX_POOL_SIZE", "12"))))
                .run(context -> assertThat(context.getBean(DatabaseOptions.class).maxPoolSize()).isEqualTo(12));
    }

    @Test
    void aMultiHostUrlConfiguresAReplicaSet() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BallastAutoConfiguration.class))
                .withInitializer(context -> context.addBeanFactoryPostProcessor(
                        new LazyInitializationBeanFactoryPostProcessor()))
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://db1:5432,db2:5433/app",
                        "spring.datasource.ballast.max-replica-lag-seconds=2.5",
                        "spring.datasource.ballast.load-balance-hosts=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DatabaseOptions options = context.getBean(DatabaseOptions.class);
                    assertThat(options.url()).contains("db1:5432").contains("db2:5433");
                    assertThat(options.maxReplicaLag()).isEqualTo(Duration.ofMillis(2500));
                    assertThat(options.loadBalanceHosts()).isFalse();
                });
    }

    /** Without lazy initialisation, so that a bad setting fails the start (before any connection is tried). */
    private static ApplicationContextRunner eager() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BallastAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + URL, "spring.datasource.password=" + PASSWORD);
    }

    @Test
    void anUnknownKeyFailsTheStartWithADidYouMean() {
        eager().withPropertyValues("spring.datasource.ballast.max-pool-sise=5").run(context -> {
            assertThat(context).hasFailed();
            assertThat(BallastAutoConfigurationTest.ballastFailure(context.getStartupFailure()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("spring.datasource.ballast.max-pool-sise")
                    .hasMessageContaining("did you mean spring.datasource.ballast.max-pool-size?");
            assertThat(stackTrace(context.getStartupFailure())).doesNotContain(PASSWORD);
        });
    }

    @Test
    void aBadValueFailsTheStartNamingTheKeyAndTheValue() {
        eager().withPropertyValues("spring.datasource.ballast.max-pool-size=lots").run(context -> {
            assertThat(context).hasFailed();
            assertThat(BallastAutoConfigurationTest.ballastFailure(context.getStartupFailure()))
                    .hasMessageContaining("MaxPoolSize must be a whole number, but was \"lots\"")
                    .hasMessageContaining("spring.datasource.ballast.max-pool-size");
            assertThat(stackTrace(context.getStartupFailure())).doesNotContain(PASSWORD);
        });
    }

    @Test
    void anImpossibleCombinationFailsTheStart() {
        eager().withPropertyValues("spring.datasource.ballast.min-pool-size=30",
                "spring.datasource.ballast.max-pool-size=10").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(BallastAutoConfigurationTest.ballastFailure(context.getStartupFailure()))
                            .hasMessageContaining("MinPoolSize").hasMessageContaining("MaxPoolSize")
                            .hasMessageContaining("spring.datasource.ballast");
                    assertThat(stackTrace(context.getStartupFailure())).doesNotContain(PASSWORD);
                });
    }

    @Test
    void theConnectionIsNotTakenFromTheBallastSection() {
        eager().withPropertyValues("spring.datasource.ballast.password=other").run(context -> {
            assertThat(context).hasFailed();
            assertThat(BallastAutoConfigurationTest.ballastFailure(context.getStartupFailure()))
                    .hasMessageContaining("spring.datasource.ballast.password").hasMessageContaining("connection");
            assertThat(stackTrace(context.getStartupFailure())).doesNotContain(PASSWORD).doesNotContain("other");
        });
    }

    @Test
    void everyKeyHasAKebabNameThatFindsItAgain() {
        Set<String> names = new TreeSet<>();
        for (OptionDescriptor key : OptionDescriptor.all()) {
            assertThat(key.kebabName()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(names.add(key.kebabName())).as("unique " + key.kebabName()).isTrue();
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
