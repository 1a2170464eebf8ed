package dev.ballast.internal.resilience;

import dev.ballast.resilience.CircuitState;
import dev.ballast.resilience.DatabaseResilience;
import dev.ballast.resilience.SqlCallable;
import dev.ballast.resilience.SqlFunction;
import dev.ballast.resilience.SqlRunnable;
import dev.ballast.resilience.TransactionOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The {@link DatabaseResilience} implementation: wires a {@link RetryLoop} around a {@link CircuitBreaker} and the
 * attempts of {@link Operation}. Thread-safe.
 */
public final class DefaultDatabaseResilience implements DatabaseResilience {

    private final CircuitBreaker breaker;
    private final RetryLoop loop;
    private final Executor executor;
    private final Executor canceller;
    private final Sleeper sleeper;

    /** @param settings the components */
    public DefaultDatabaseResilience(ResilienceSettings settings) {
        this.breaker = new CircuitBreaker(settings.circuitBreaker(), settings.clock(), settings.listeners());
        this.loop = new RetryLoop(settings, breaker, new ConnectionWork(settings));
        this.executor = settings.executor() != null ? settings.executor() : AsyncExecutors.createDefault();
        this.canceller = AsyncExecutors.createCanceller();
        this.sleeper = settings.sleeper();
    }

    @Override
    public <T> T execute(SqlCallable<T> action) throws SQLException {
        return loop.run(Operation.CALL, Objects.requireNonNull(action, "action"), null);
    }

    @Override
    public void execute(SqlRunnable action) throws SQLException {
        loop.run(Operation.RUN, Objects.requireNonNull(action, "action"), null);
    }

    @Override
    public <T> T withConnection(SqlFunction<Connection, T> work) throws SQLException {
        return loop.run(Operation.WITH_CONNECTION, Objects.requireNonNull(work, "work"), null);
    }

    @Override
    public <T> T inTransaction(SqlFunction<Connection, T> work) throws SQLException {
        return inTransaction(TransactionOptions.defaults(), work);
    }

    @Override
    public <T> T inTransaction(TransactionOptions options, SqlFunction<Connection, T> work) throws SQLException {
        return loop.run(Operation.IN_TRANSACTION, Objects.requireNonNull(work, "work"),
                Objects.requireNonNull(options, "options"));
    }

    @Override
    public <T> CompletableFuture<T> executeAsync(SqlCallable<T> action) {
        return new AsyncCall<T>(loop, Operation.CALL, Objects.requireNonNull(action, "action"), null, executor,
                canceller, sleeper).start();
    }

    @Override
    public <T> CompletableFuture<T> withConnectionAsync(SqlFunction<Connection, T> work) {
        return new AsyncCall<T>(loop, Operation.WITH_CONNECTION, Objects.requireNonNull(work, "work"), null,
                executor, canceller, sleeper).start();
    }

    @Override
    public <T> CompletableFuture<T> inTransactionAsync(TransactionOptions options, SqlFunction<Connection, T> work) {
        return new AsyncCall<T>(loop, Operation.IN_TRANSACTION, Objects.requireNonNull(work, "work"),
                Objects.requireNonNull(options, "options"), executor, canceller, sleeper).start();
    }

    @Override
    public CircuitState circuitState() {
        return breaker.state();
    }

    @Override
    public void isolate() {
        breaker.isolate();
    }

    @Override
    public void closeCircuit() {
        breaker.close();
    }

    @Override
    public String toString() {
        return "DatabaseResilience{circuit=" + breaker.state() + '}';
    }
}
