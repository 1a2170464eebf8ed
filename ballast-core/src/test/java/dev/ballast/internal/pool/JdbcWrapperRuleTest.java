package dev.ballast.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.internal.time.Clock;
import dev.ballast.pool.PoolConfig;
import dev.ballast.testing.RecordingListener;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every method of the pool's JDBC wrappers follows one rule, checked by reflection over the eight wrapped
 * {@code java.sql} interfaces rather than by review: (1) an error the driver raises from any method goes through the pool's fatal-error
 * check, so a fatal one gets the connection destroyed on return; (2) on a closed handle every method throws
 * {@link SQLException} without reaching the driver, except the few JDBC defines otherwise.
 */
class JdbcWrapperRuleTest {

    /** The interfaces the pool wraps, and how a test obtains a wrapper of each from a borrowed connection. */
    private static final Map<Class<?>, Opener> WRAPPED = Map.of(
            Connection.class, c -> c,
            Statement.class, Connection::createStatement,
            PreparedStatement.class, c -> c.prepareStatement("SELECT 1"),
            CallableStatement.class, c -> c.prepareCall("{call f()}"),
            ResultSet.class, c -> c.createStatement().executeQuery("SELECT 1"),
            DatabaseMetaData.class, Connection::getMetaData,
            ResultSetMetaData.class, c -> c.createStatement().executeQuery("SELECT 1").getMetaData(),
            ParameterMetaData.class, c -> c.prepareStatement("SELECT ?").getParameterMetaData());

    /**
     * Methods that answer from the wrapper's own state and never call the driver (so no driver error can arise): a
     * handle's close and isClosed, and the getters returning the pool's own wrappers.
     */
    private static boolean answersFromOwnState(Case m) {
        return (m.iface == Connection.class && (m.signature.equals("close()") || m.signature.equals("isClosed()")))
                || (m.iface != Connection.class && m.signature.equals("getConnection()"))
                || (m.iface == ResultSet.class && m.signature.equals("getStatement()"));
    }

    /** Methods JDBC declares without SQLException: they answer driver constants, open or closed. */
    private static final Set<String> NO_SQL_EXCEPTION = Set.of(
            "DatabaseMetaData.getDriverMajorVersion()", "DatabaseMetaData.getDriverMinorVersion()");

    /** Methods JDBC defines on a closed object: close and isClosed; a connection's isValid (false), abort (no-op). */
    private static final Set<String> ALLOWED_WHEN_CLOSED = Set.of("close()", "isClosed()", "isValid(int)",
            "abort(Executor)");

    private final FaultyDriver driver = new FaultyDriver();
    private final RecordingListener events = new RecordingListener();
    private final Pool pool = Pool.start(PoolConfig.builder().jdbcUrl(FaultyDriver.URL).driver(driver)
            .poolName("wrapper-rule").minPoolSize(0).maxPoolSize(1).connectionTimeout(Duration.ofSeconds(10))
            .shutdownTimeout(Duration.ofSeconds(5)).build(), events, Clock.system());

    @AfterEach
    void closePool() {
        pool.close();
    }

    @TestFactory
    Stream<DynamicTest> aFatalErrorFromAnyWrappedMethodGetsTheConnectionDestroyed() {
        return methods().filter(m -> !answersFromOwnState(m) && !NO_SQL_EXCEPTION.contains(m.key()))
                .map(m -> DynamicTest.dynamicTest(m.key(), () -> fatalErrorEvicts(m)));
    }

    @TestFactory
    Stream<DynamicTest> everyMethodOnAClosedConnectionHandleThrowsWithoutReachingTheDriver() {
        return methods().map(m -> DynamicTest.dynamicTest(m.key(), () -> closedConnectionRefuses(m)));
    }

    @TestFactory
    Stream<DynamicTest> everyMethodOnAClosedStatementOrResultSetThrowsWithoutReachingTheDriver() {
        return methods().filter(m -> m.iface != Connection.class && AutoCloseable.class.isAssignableFrom(m.iface))
                .map(m -> DynamicTest.dynamicTest(m.key(), () -> closedObjectRefuses(m)));
    }

    @Test
    void everyWrappedMethodIsImplementedByTheWrapperNotInheritedFromAnInterfaceDefault() throws Exception {
        List<String> inherited = new ArrayList<>();
        int count = 0;
        for (Case m : methods().toArray(Case[]::new)) {
            try (Connection c = pool.getConnection()) {
                Object wrapper = WRAPPED.get(m.iface).open(c);
                Method impl = wrapper.getClass().getMethod(m.method.getName(), m.method.getParameterTypes());
                if (impl.getDeclaringClass().isInterface()) {
                    inherited.add(m.key());
                }
                count++;
            }
        }
        assertThat(inherited).isEmpty();
        assertThat(count).as("wrapped methods checked").isGreaterThan(600);
    }

    private void fatalErrorEvicts(Case m) throws Exception {
        int evictedBefore = events.closed(ConnectionCloseReason.EVICTED);
        Connection handle = pool.getConnection();
        FaultyDriver.FaultyConnection physical = driver.last;
        Throwable thrown;
        try {
            Object wrapper = WRAPPED.get(m.iface).open(handle);
            physical.armed = true;
            thrown = invoke(m, wrapper);
        } finally {
            physical.armed = false;
            handle.close();
        }
        // The driver answered again before the handle was closed, as pgjdbc does after an error that leaves the
        // socket open (XX000, 25006 from a demoted primary): only the fatal-error check, not a failing reset, can
        // have got the connection destroyed.
        assertThat(thrown).as("%s with a failing driver", m.key()).isInstanceOf(SQLException.class);
        assertThat(thrown == physical.thrown || thrown.getCause() == physical.thrown)
                .as("%s rethrows the driver's own error (setClientInfo: as the cause), not %s", m.key(), thrown)
                .isTrue();
        assertThat(events.closed(ConnectionCloseReason.EVICTED)).as("connections evicted after %s", m.key())
                .isEqualTo(evictedBefore + 1);
        assertThat(pool.stats().total()).isZero();
        assertThat(physical.closed).isTrue();
    }

    private void closedConnectionRefuses(Case m) throws Exception {
        Connection handle = pool.getConnection();
        FaultyDriver.FaultyConnection physical = driver.last;
        Object wrapper;
        try {
            wrapper = WRAPPED.get(m.iface).open(handle);
        } finally {
            handle.close();
        }
        expectRefused(m, wrapper, physical, ALLOWED_WHEN_CLOSED.contains(m.signature));
    }

    private void closedObjectRefuses(Case m) throws Exception {
        try (Connection handle = pool.getConnection()) {
            FaultyDriver.FaultyConnection physical = driver.last;
            Object wrapper = WRAPPED.get(m.iface).open(handle);
            ((AutoCloseable) wrapper).close();
            expectRefused(m, wrapper, physical, m.signature.equals("close()") || m.signature.equals("isClosed()"));
        }
    }

    private static void expectRefused(Case m, Object wrapper, FaultyDriver.FaultyConnection physical,
            boolean allowed) throws Exception {
        physical.watched = Thread.currentThread();
        physical.calls = 0;
        Throwable thrown = invoke(m, wrapper);
        physical.watched = null;
        if (NO_SQL_EXCEPTION.contains(m.key())) {
            assertThat(thrown).isNull();
            return;
        }
        if (!allowed) {
            assertThat(thrown).as("%s on a closed handle", m.key()).isInstanceOf(SQLException.class);
        } else {
            assertThat(thrown).as("%s on a closed handle", m.key()).isNull();
        }
        assertThat(physical.calls).as("driver calls made by %s on a closed handle", m.key()).isZero();
    }

    /** @return what the call threw, or {@code null} */
    private static Throwable invoke(Case m, Object wrapper) throws IllegalAccessException {
        try {
            m.method.invoke(wrapper, arguments(m.method));
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    private static Object[] arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = argument(types[i]);
        }
        return args;
    }

    private static Object argument(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == short.class) {
            return (short) 1;
        }
        if (type == byte.class) {
            return (byte) 1;
        }
        if (type == float.class) {
            return 1f;
        }
        if (type == double.class) {
            return 1d;
        }
        if (type == String.class) {
            return "x";
        }
        if (type == Class.class) {
            return Unrelated.class; // implemented by neither the wrapper nor the driver: unwrap must ask the driver
        }
        if (type == Executor.class) {
            return (Executor) Runnable::run;
        }
        if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
        }
        return null;
    }

    private static Stream<Case> methods() {
        List<Case> cases = new ArrayList<>();
        for (Class<?> iface : WRAPPED.keySet()) {
            for (Method m : iface.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers())) {
                    cases.add(new Case(iface, m));
                }
            }
        }
        cases.sort(Comparator.comparing(Case::key));
        return cases.stream();
    }

    /** One method of one wrapped interface. */
    private static final class Case {
        final Class<?> iface;
        final Method method;
        final String signature;

        Case(Class<?> iface, Method method) {
            this.iface = iface;
            this.method = method;
            this.signature = method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                    .reduce((a, b) -> a + "," + b).map(p -> "(" + p + ")").orElse("()");
        }

        String key() {
            return iface.getSimpleName() + "." + signature;
        }
    }

    @FunctionalInterface
    private interface Opener {
        Object open(Connection c) throws SQLException;
    }

    /** An interface nothing implements. */
    private interface Unrelated {}
}
