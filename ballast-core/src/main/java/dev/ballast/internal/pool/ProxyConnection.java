package dev.ballast.internal.pool;

/**
 * The connection a borrower holds: a handle of two fields, allocated per borrow, over the pooled {@link PoolEntry}
 * (which carries all per-connection state and is reused). Its methods come from {@link ConnectionWrapper} (written by
 * hand) and {@link ConnectionDelegation} (generated from {@link java.sql.Connection}); all follow one rule: check the
 * handle is open, call the driver, pass any SQLException through the pool's fatal-error check. {@code close()} returns
 * the connection to the pool exactly once; {@code unwrap(PGConnection.class)} returns the driver's connection. Not
 * thread-safe beyond that, as JDBC connections are not.
 */
final class ProxyConnection extends ConnectionDelegation {

    ProxyConnection(PoolEntry entry) {
        super(entry);
    }

    @Override
    public String toString() {
        return "BallastConnection[" + (isHandleClosed() ? "closed" : entry.raw.toString()) + "]";
    }
}
