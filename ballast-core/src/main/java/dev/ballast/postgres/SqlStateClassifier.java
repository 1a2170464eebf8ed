package dev.ballast.postgres;

import dev.ballast.resilience.CircuitOpenException;
import dev.ballast.resilience.CommitOutcomeUnknownException;
import dev.ballast.resilience.ReadOnlyServerException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides what a failure means: retry it, count it for the circuit breaker, evict the connection. Built on the one
 * SQLSTATE table of this package, plus any codes the user declares transient. Used by the resilience engine and by
 * the pool.
 *
 * <p><b>How a failure is read.</b> The failure, then its {@link SQLException#getNextException() next exceptions} and
 * {@link Throwable#getCause() causes}, are walked outermost first (at most 8 levels). The first of them that carries
 * a SQLSTATE decides by the table. Without any SQLSTATE: a {@link java.io.IOException} anywhere (socket reset or
 * timeout, EOF, refused connection) is a lost connection; otherwise a {@link SQLTransientConnectionException} or
 * {@link SQLRecoverableException} is a lost connection, a {@link SQLTransactionRollbackException} is contention.
 * Anything else is {@link FailureClass#PERMANENT}. Ballast's own {@link CircuitOpenException} is never retried nor
 * counted, {@link CommitOutcomeUnknownException} is never retried, and {@link ReadOnlyServerException} is
 * {@link FailureClass#READ_ONLY_SERVER}.
 *
 * <p><b>Additional codes</b> are treated as {@link FailureClass#TRANSIENT} (retried, counted, connection kept),
 * unless the table already retries them. Immutable and thread-safe.
 */
public final class SqlStateClassifier {

    private static final int MAX_DEPTH = 8;
    private static final SqlStateClassifier STANDARD = new SqlStateClassifier(Set.of());

    private final Set<String> additionalTransient;

    private SqlStateClassifier(Set<String> additionalTransient) {
        this.additionalTransient = additionalTransient;
    }

    /** @return the classifier with the built-in table only */
    public static SqlStateClassifier standard() {
        return STANDARD;
    }

    /**
     * @param additionalTransientSqlStates codes to retry in addition to the table's (the option
     *     {@code AdditionalTransientSqlStates}); may be empty
     * @return a classifier with the table plus these codes
     * @throws IllegalArgumentException if a code is not five characters of {@code 0-9A-Z}
     * @throws NullPointerException if the set or a code is null
     */
    public static SqlStateClassifier withAdditionalTransient(Set<String> additionalTransientSqlStates) {
        return builder().addTransient(additionalTransientSqlStates).build();
    }

    /** @return a builder starting from the built-in table */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param failure any failure, not null
     * @return its class; never null
     */
    public FailureClass classify(Throwable failure) {
        FailureClass found = walk(failure, MAX_DEPTH);
        return found != null ? found : FailureClass.PERMANENT;
    }

    /**
     * @param sqlState a SQLSTATE, not null
     * @return its class according to the table and the additional codes
     */
    public FailureClass classify(String sqlState) {
        FailureClass row = SqlStateTable.lookup(sqlState);
        return !row.retry() && additionalTransient.contains(sqlState) ? FailureClass.TRANSIENT : row;
    }

    /**
     * @param failure any failure, not null
     * @return whether the work that failed this way may be replayed
     */
    public boolean isTransient(Throwable failure) {
        return classify(failure).retry();
    }

    /**
     * @param failure any failure, not null
     * @return whether the circuit breaker counts this failure (otherwise the call counts as a success)
     */
    public boolean countsForBreaker(Throwable failure) {
        return classify(failure).countsForBreaker();
    }

    /**
     * @param failure an error raised on a connection, not null
     * @return whether that connection must be destroyed instead of being reused
     */
    public boolean isFatalToConnection(SQLException failure) {
        return classify(failure).evictsConnection();
    }

    /** @return the codes added to the table's transient ones, unmodifiable */
    public Set<String> additionalTransientSqlStates() {
        return additionalTransient;
    }

    /** @return every SQLSTATE this classifier knows explicitly and its class, sorted; a read-only copy */
    public Map<String, FailureClass> table() {
        Map<String, FailureClass> all = new TreeMap<>(SqlStateTable.rows());
        for (String code : additionalTransient) {
            all.put(code, classify(code));
        }
        return java.util.Collections.unmodifiableMap(all);
    }

    private FailureClass walk(Throwable t, int budget) {
        if (t == null || budget == 0) {
            return null;
        }
        FailureClass own = decisive(t);
        if (own != null) {
            return own;
        }
        FailureClass deeper = null;
        if (t instanceof SQLException) {
            SQLException next = ((SQLException) t).getNextException();
            if (next != t) {
                deeper = walk(next, budget - 1);
            }
        }
        if (deeper == null && t.getCause() != t) {
            deeper = walk(t.getCause(), budget - 1);
        }
        return deeper != null ? deeper : byType(t);
    }

    private FailureClass decisive(Throwable t) {
        if (t instanceof CircuitOpenException) {
            return FailureClass.PERMANENT;
        }
        if (t instanceof CommitOutcomeUnknownException) {
            return FailureClass.COMMIT_UNKNOWN;
        }
        if (t instanceof ReadOnlyServerException) {
            return FailureClass.READ_ONLY_SERVER;
        }
        if (t instanceof SQLException) {
            String state = ((SQLException) t).getSQLState();
            if (state != null && !state.isEmpty()) {
                FailureClass row = SqlStateTable.lookup(state, t.getMessage());
                return !row.retry() && additionalTransient.contains(state) ? FailureClass.TRANSIENT : row;
            }
            return null;
        }
        return t instanceof IOException ? FailureClass.CONNECTION_LOST : null;
    }

    private static FailureClass byType(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
            return FailureClass.CONNECTION_LOST;
        }
        if (t instanceof SQLTransactionRollbackException) {
            return FailureClass.CONTENTION;
        }
        return t instanceof SQLTimeoutException ? FailureClass.PERMANENT : null;
    }

    /** Collects additional transient codes. Not thread-safe; the classifier it builds is. */
    public static final class Builder {

        private final Set<String> codes = new LinkedHashSet<>();

        private Builder() {}

        /**
         * @param sqlState a SQLSTATE to retry, e.g. {@code "55P03"}
         * @return this builder
         * @throws IllegalArgumentException if it is not five characters of {@code 0-9A-Z}
         * @throws NullPointerException if it is null
         */
        public Builder addTransient(String sqlState) {
            codes.add(checked(sqlState));
            return this;
        }

        /**
         * @param sqlStates SQLSTATEs to retry
         * @return this builder
         * @throws IllegalArgumentException if a code is not five characters of {@code 0-9A-Z}
         * @throws NullPointerException if the collection or a code is null
         */
        public Builder addTransient(Collection<String> sqlStates) {
            for (String code : sqlStates) {
                addTransient(code);
            }
            return this;
        }

        /** @return an immutable classifier */
        public SqlStateClassifier build() {
            return codes.isEmpty() ? STANDARD : new SqlStateClassifier(Set.copyOf(codes));
        }

        private static String checked(String sqlState) {
            if (sqlState == null) {
                throw new NullPointerException("AdditionalTransientSqlStates must not contain null");
            }
            boolean valid = sqlState.length() == 5;
            for (int i = 0; valid && i < 5; i++) {
                char c = sqlState.charAt(i);
                valid = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
            }
            if (!valid) {
                throw new IllegalArgumentException("AdditionalTransientSqlStates must hold five-character SQLSTATEs"
                        + " of 0-9 and A-Z, but held '" + sqlState + "'");
            }
            return sqlState;
        }
    }
}
