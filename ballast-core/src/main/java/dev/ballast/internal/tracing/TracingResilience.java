package dev.ballast.internal.tracing;

import dev.ballast.internal.topology.HostView;
import dev.ballast.resilience.CircuitState;
import dev.ballast.resilience.DatabaseResilience;
import dev.ballast.resilience.SqlCallable;
import dev.ballast.resilience.SqlFunction;
import dev.ballast.resilience.SqlRunnable;
import dev.ballast.resilience.TransactionOptions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Wraps every resilience operation in a client span named after the operation, with the database's
 * {@code db.system.name}, {@code db.namespace}, {@code server.address} and {@code server.port}. The span is current
 * while the attempts run, so {@link TracingListener} adds attempts, retries and rejections to it as events. A
 * failure sets the span's status to error, records the exception and its SQLSTATE
 * ({@code db.response.status_code}). With several hosts, work given a connection tags the span with the host that
 * connection is on ({@code server.address}, {@code server.port}, {@code ballast.host.role}), the last attempt's
 * winning; an {@code execute} span (its action gets no connection) names the host of the last connection the pool
 * handed out while the action ran ({@link #served(HostView)}), else the current primary; with one host the URL's
 * host is named. Thread-safe.
 */
public final class TracingResilience implements DatabaseResilience {

    static final AttributeKey<String> SQLSTATE = AttributeKey.stringKey("db.response.status_code");
    static final AttributeKey<String> BREAKER = AttributeKey.stringKey("ballast.circuit_breaker.state");
    static final AttributeKey<String> ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ROLE = AttributeKey.stringKey("ballast.host.role");

    private final DatabaseResilience delegate;
    private final Tracer tracer;
    private final Attributes server;
    private final Function<Connection, HostView> hostOf;
    private final Supplier<HostView> primary;

    /** The host that served an {@code execute} action's last connection; one per traced call, in its context. */
    private static final class Served {
        volatile HostView host;
    }

    private static final ContextKey<Served> SERVED = ContextKey.named("ballast-served-by");

    /**
     * @param delegate the engine
     * @param tracer the tracer to create spans with
     * @param jdbcUrl the database's URL, for the server attributes
     */
    public TracingResilience(DatabaseResilience delegate, Tracer tracer, String jdbcUrl) {
        this(delegate, tracer, jdbcUrl, c -> null, () -> null);
    }

    /**
     * @param delegate the engine
     * @param tracer the tracer to create spans with
     * @param jdbcUrl the database's URL, for the server attributes until a connection names its host
     * @param hostOf the host a handed-out connection is on, or null when unknown (several hosts)
     * @param primary the current primary, or null when unknown or with one host: what an {@code execute} span names
     *     when its action took no connection
     */
    public TracingResilience(DatabaseResilience delegate, Tracer tracer, String jdbcUrl,
            Function<Connection, HostView> hostOf, Supplier<HostView> primary) {
        this.delegate = delegate;
        this.tracer = tracer;
        this.hostOf = hostOf;
        this.primary = primary;
        ServerAddress a = ServerAddress.parse(jdbcUrl);
        this.server = Attributes.builder()
                .put("db.system.name", "postgresql")
                .put("db.namespace", a.database())
                .put("server.address", a.host())
                .put("server.port", a.port())
                .build();
    }

    /** One traced call: the operation's body, run with its span current. */
    @FunctionalInterface
    private interface Body<T> {
        T run() throws SQLException;
    }

    private <T> T traced(String operation, Body<T> body) throws SQLException {
        Span span = start(operation);
        try (Scope ignored = span.makeCurrent()) {
            return body.run();
        } catch (SQLException | RuntimeException e) {
            fail(span, e);
            throw e;
        } finally {
            span.setAttribute(BREAKER, delegate.circuitState().name());
            span.end();
        }
    }

    private Span start(String operation) {
        return tracer.spanBuilder(operation).setSpanKind(SpanKind.CLIENT).setAllAttributes(server)
                .setAttribute("db.operation.name", operation).startSpan();
    }

    /** Names the host the attempt runs on, when the connection tells. */
    private void tag(Span span, Connection c) {
        tag(span, hostOf.apply(c));
    }

    private static void tag(Span span, HostView h) {
        if (h != null) {
            span.setAttribute(ADDRESS, h.host().host());
            if (h.host().port() != null) {
                span.setAttribute(PORT, (long) h.host().port());
            }
            span.setAttribute(ROLE, h.role().label());
        }
    }

    private <T> SqlFunction<Connection, T> tagged(Span span, SqlFunction<Connection, T> work) {
        return c -> {
            tag(span, c);
            return work.apply(c);
        };
    }

    private static void fail(Span span, Throwable e) {
        if (e instanceof SQLException && ((SQLException) e).getSQLState() != null) {
            span.setAttribute(SQLSTATE, ((SQLException) e).getSQLState());
        }
        span.recordException(e);
        span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
    }

    private <T> CompletableFuture<T> tracedAsync(CompletableFuture<T> future, Span span) {
        return tracedAsync(future, span, null);
    }

    private <T> CompletableFuture<T> tracedAsync(CompletableFuture<T> future, Span span, Served served) {
        future.whenComplete((value, error) -> {
            if (error != null) {
                fail(span, error);
            }
            if (served != null) {
                tagServed(span, served);
            }
            span.setAttribute(BREAKER, delegate.circuitState().name());
            span.end();
        });
        return future;
    }

    @Override
    public <T> T execute(SqlCallable<T> action) throws SQLException {
        return tracedExecute(() -> delegate.execute(action));
    }

    @Override
    public void execute(SqlRunnable action) throws SQLException {
        tracedExecute(() -> {
            delegate.execute(action);
            return null;
        });
    }

    /**
     * Notes that the pool handed a connection of {@code host} to the caller: if that happens inside an
     * {@code execute} action, its span names the host. Called by the pool on the borrowing thread.
     *
     * @param host the host the connection is on
     */
    public void served(HostView host) {
        Served s = Context.current().get(SERVED);
        if (s != null) {
            s.host = host;
        }
    }

    private <T> T tracedExecute(Body<T> body) throws SQLException {
        Span span = start("execute");
        Served served = new Served();
        try (Scope ignored = Context.current().with(span).with(SERVED, served).makeCurrent()) {
            return body.run();
        } catch (SQLException | RuntimeException e) {
            fail(span, e);
            throw e;
        } finally {
            tagServed(span, served);
            span.setAttribute(BREAKER, delegate.circuitState().name());
            span.end();
        }
    }

    /** Names the host of the action's last connection, else the current primary (several hosts only). */
    private void tagServed(Span span, Served served) {
        HostView h = served.host;
        tag(span, h != null ? h : primary.get());
    }

    @Override
    public <T> T withConnection(SqlFunction<Connection, T> work) throws SQLException {
        return traced("withConnection", () -> delegate.withConnection(tagged(Span.current(), work)));
    }

    @Override
    public <T> T inTransaction(SqlFunction<Connection, T> work) throws SQLException {
        return traced("inTransaction", () -> delegate.inTransaction(tagged(Span.current(), work)));
    }

    @Override
    public <T> T inTransaction(TransactionOptions options, SqlFunction<Connection, T> work) throws SQLException {
        return traced("inTransaction", () -> delegate.inTransaction(options, tagged(Span.current(), work)));
    }

    @Override
    public <T> CompletableFuture<T> executeAsync(SqlCallable<T> action) {
        Span span = start("execute");
        Served served = new Served();
        Context context = Context.current().with(span).with(SERVED, served);
        CompletableFuture<T> future = delegate.executeAsync(() -> {
            try (Scope ignored = context.makeCurrent()) {
                return action.call();
            }
        });
        return tracedAsync(future, span, served);
    }

    @Override
    public <T> CompletableFuture<T> withConnectionAsync(SqlFunction<Connection, T> work) {
        Span span = start("withConnection");
        Context context = Context.current().with(span);
        return tracedAsync(delegate.withConnectionAsync(c -> {
            try (Scope ignored = context.makeCurrent()) {
                tag(span, c);
                return work.apply(c);
            }
        }), span);
    }

    @Override
    public <T> CompletableFuture<T> inTransactionAsync(TransactionOptions options, SqlFunction<Connection, T> work) {
        Span span = start("inTransaction");
        Context context = Context.current().with(span);
        return tracedAsync(delegate.inTransactionAsync(options, c -> {
            try (Scope ignored = context.makeCurrent()) {
                tag(span, c);
                return work.apply(c);
            }
        }), span);
    }

    @Override
    public CircuitState circuitState() {
        return delegate.circuitState();
    }

    @Override
    public void isolate() {
        delegate.isolate();
    }

    @Override
    public void closeCircuit() {
        delegate.closeCircuit();
    }
}
