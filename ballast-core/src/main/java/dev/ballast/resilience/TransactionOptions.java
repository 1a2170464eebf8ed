package dev.ballast.resilience;

import java.sql.Connection;

/**
 * How {@link DatabaseResilience#inTransaction(TransactionOptions, SqlFunction)} opens its transaction: read-only or
 * not, and the isolation level.
 *
 * <p>A <b>read-only</b> transaction ({@code SET TRANSACTION READ ONLY}) cannot write, so it is replayed freely: a
 * failure during its COMMIT is simply retried, without asking the server about the outcome. A read-write transaction
 * whose COMMIT fails on a lost connection is verified first (see {@link DatabaseResilience}). Immutable and
 * thread-safe.
 */
public final class TransactionOptions {

    /** Isolation level meaning "whatever the connection already has" (the server's default). */
    public static final int DEFAULT_ISOLATION = -1;

    private static final TransactionOptions DEFAULTS = new TransactionOptions(false, DEFAULT_ISOLATION);
    private static final TransactionOptions READ_ONLY = new TransactionOptions(true, DEFAULT_ISOLATION);

    private final boolean readOnly;
    private final int isolation;

    private TransactionOptions(boolean readOnly, int isolation) {
        this.readOnly = readOnly;
        this.isolation = isolation;
    }

    /** @return read-write, the connection's isolation level */
    public static TransactionOptions defaults() {
        return DEFAULTS;
    }

    /** @return read-only, the connection's isolation level */
    public static TransactionOptions readOnly() {
        return READ_ONLY;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether the transaction is read-only */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** @return a {@code Connection.TRANSACTION_*} constant, or {@link #DEFAULT_ISOLATION} */
    public int isolation() {
        return isolation;
    }

    @Override
    public String toString() {
        return "TransactionOptions{readOnly=" + readOnly + ", isolation=" + isolation + '}';
    }

    /** Builds {@link TransactionOptions}. Not thread-safe. */
    public static final class Builder {

        private boolean readOnly;
        private int isolation = DEFAULT_ISOLATION;

        private Builder() {}

        /**
         * @param readOnly whether the transaction is read-only; default false
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * @param isolation {@link Connection#TRANSACTION_READ_COMMITTED}, {@link Connection#TRANSACTION_REPEATABLE_READ},
         *     {@link Connection#TRANSACTION_SERIALIZABLE}, {@link Connection#TRANSACTION_READ_UNCOMMITTED} or
         *     {@link #DEFAULT_ISOLATION}; default {@link #DEFAULT_ISOLATION}
         * @return this builder
         * @throws IllegalArgumentException for any other value
         */
        public Builder isolation(int isolation) {
            switch (isolation) {
                case DEFAULT_ISOLATION:
                case Connection.TRANSACTION_READ_UNCOMMITTED:
                case Connection.TRANSACTION_READ_COMMITTED:
                case Connection.TRANSACTION_REPEATABLE_READ:
                case Connection.TRANSACTION_SERIALIZABLE:
                    this.isolation = isolation;
                    return this;
                default:
                    throw new IllegalArgumentException("Isolation must be a Connection.TRANSACTION_* level or -1,"
                            + " but was " + isolation);
            }
        }

        /** @return the options */
        public TransactionOptions build() {
            return new TransactionOptions(readOnly, isolation);
        }
    }
}
