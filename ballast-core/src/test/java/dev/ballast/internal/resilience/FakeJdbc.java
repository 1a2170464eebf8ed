package dev.ballast.internal.resilience;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * A scriptable fake of just enough JDBC for the resilience engine: a data source whose connections log what is done
 * to them ({@code open 1}, {@code commit 1}, {@code rollback 1}, {@code close 1}, {@code cancel 1},
 * {@code sql 2 select pg_xact_status...}) and answer the transaction-id queries from a script. Instance state only.
 */
public final class FakeJdbc {

    /** What a COMMIT on a given connection does. */
    @FunctionalInterface
    public interface CommitScript {
        /**
         * @param connection the connection's number, 1-based in opening order
         * @throws SQLException to fail the commit
         */
        void commit(int connection) throws SQLException;
    }

    /** What opening connection {@code n} does. */
    @FunctionalInterface
    public interface OpenScript {
        /**
         * @param connection the connection's number, 1-based
         * @throws SQLException to fail the open
         */
        void open(int connection) throws SQLException;
    }

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final Deque<String> statusAnswers = new ConcurrentLinkedDeque<>();
    /** The server's incarnation (its start time): first when the id is recorded, then on status queries. */
    static final String FIRST_START = "2026-11-27 00:00:00+00";
    private volatile String startAtStatus = FIRST_START;
    private static final String SYSTEM = "7000000000000000001";
    private volatile String systemAtStatus = SYSTEM;
    private volatile CommitScript commit = n -> { };
    private volatile OpenScript open = n -> { };
    private volatile String xid = "1000";
    private volatile Runnable onCancel = () -> { };
    private volatile int serverMajor = 17;

    /** @return the data source */
    public DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        int n = opened.incrementAndGet();
                        open.open(n);
                        log.add("open " + n);
                        return connection(n);
                    }
                    return defaultValue(proxy, method, args);
                });
    }

    /** @param script what commits do @return this */
    public FakeJdbc onCommit(CommitScript script) {
        this.commit = script;
        return this;
    }

    /** @param script what opening does @return this */
    public FakeJdbc onOpen(OpenScript script) {
        this.open = script;
        return this;
    }

    /** @param hook runs when a statement is cancelled on the server @return this */
    public FakeJdbc onCancel(Runnable hook) {
        this.onCancel = hook;
        return this;
    }

    /** @param value the id the transaction-id query returns (null: none assigned) @return this */
    public FakeJdbc xid(String value) {
        this.xid = value;
        return this;
    }

    /** @param major the server's major version @return this */
    public FakeJdbc serverMajor(int major) {
        this.serverMajor = major;
        return this;
    }

    /**
     * @param answers successive answers of the status query; the last one repeats
     * @return this
     */
    public FakeJdbc statusAnswers(String... answers) {
        statusAnswers.clear();
        statusAnswers.addAll(java.util.Arrays.asList(answers));
        return this;
    }

    /**
     * Makes the server report another start time from the status queries on, as after a crash and restart.
     *
     * @return this
     */
    public FakeJdbc restartedBeforeVerification() {
        startAtStatus = "2026-11-27 00:00:05+00";
        return this;
    }

    /**
     * Makes another cluster (another system identifier) answer the status queries, as a different server behind
     * the same address would.
     *
     * @return this
     */
    public FakeJdbc otherServerBeforeVerification() {
        systemAtStatus = "7000000000000000002";
        return this;
    }

    /** @return everything done so far, in order */
    public List<String> log() {
        return List.copyOf(log);
    }

    /**
     * @param prefix e.g. {@code "commit"}
     * @return the log entries starting with it
     */
    public List<String> log(String prefix) {
        List<String> matching = new ArrayList<>();
        for (String entry : log) {
            if (entry.startsWith(prefix)) {
                matching.add(entry);
            }
        }
        return matching;
    }

    /** @return connections opened so far */
    public int opened() {
        return opened.get();
    }

    private String nextStatus() {
        return statusAnswers.size() > 1 ? statusAnswers.poll() : statusAnswers.peek();
    }

    private Connection connection(int n) {
        boolean[] autoCommit = {true};
        boolean[] closed = {false};
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "getAutoCommit":
                    return autoCommit[0];
                case "setAutoCommit":
                    autoCommit[0] = (Boolean) args[0];
                    return null;
                case "commit":
                    log.add("commit " + n);
                    commit.commit(n);
                    return null;
                case "rollback":
                    log.add("rollback " + n);
                    return null;
                case "close":
                    if (!closed[0]) {
                        closed[0] = true;
                        log.add("close " + n);
                    }
                    return null;
                case "isClosed":
                    return closed[0];
                case "cancelQuery":
                    log.add("cancel " + n);
                    onCancel.run();
                    return null;
                case "isWrapperFor":
                    return ((Class<?>) args[0]).isInstance(proxy);
                case "unwrap":
                    return proxy;
                case "getMetaData":
                    return metaData();
                case "createStatement":
                    return statement(n, null);
                case "prepareStatement":
                    return statement(n, (String) args[0]);
                default:
                    return defaultValue(proxy, method, args);
            }
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class, PGConnection.class}, handler);
    }

    private DatabaseMetaData metaData() {
        return (DatabaseMetaData) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) ->
                        method.getName().equals("getDatabaseMajorVersion") ? serverMajor : defaultValue(proxy, method, args));
    }

    private Object statement(int n, String preparedSql) {
        List<Object> params = new ArrayList<>();
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "execute":
                    log.add("sql " + n + " " + args[0]);
                    return false;
                case "setString":
                case "setLong":
                    params.add(args[1]);
                    return null;
                case "executeQuery":
                    log.add("sql " + n + " " + preparedSql + " " + params);
                    boolean status = preparedSql.contains("status");
                    return resultSet(answer(preparedSql), status ? systemAtStatus : SYSTEM,
                            status ? startAtStatus : FIRST_START);
                default:
                    return defaultValue(proxy, method, args);
            }
        };
        Class<?> type = preparedSql == null ? Statement.class : PreparedStatement.class;
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler);
    }

    private String answer(String sql) {
        if (sql.contains("status")) {
            return nextStatus();
        }
        if (sql.contains("xact_id") || sql.contains("txid_current")) {
            return xid;
        }
        throw new IllegalStateException("unexpected query " + sql);
    }

    /** One row: the answer, then the server's system identifier, timeline 1 and incarnation (its start time). */
    private ResultSet resultSet(String value, String system, String serverStart) {
        boolean[] consumed = {false};
        return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "next":
                            boolean has = !consumed[0];
                            consumed[0] = true;
                            return has;
                        case "getString":
                            switch ((Integer) args[0]) {
                                case 1:
                                    return value;
                                case 2:
                                    return system;
                                case 3:
                                    return "1";
                                default:
                                    return serverStart;
                            }
                        default:
                            return defaultValue(proxy, method, args);
                    }
                });
    }

    private static Object defaultValue(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "fake " + method.getDeclaringClass().getSimpleName();
            default:
                break;
        }
        Class<?> type = method.getReturnType();
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type.isPrimitive() && type != void.class) {
            throw new UnsupportedOperationException(method.toString());
        }
        return null;
    }
}
