package dev.ballast.benchmarks.resilience;

import java.sql.SQLException;
import java.util.Set;

/**
 * Which failures the third-party policies retry and count, so that they are configured with the same meaning as
 * Ballast's classifier: a {@link SQLException} whose SQLSTATE is one of the transient codes of Ballast's SQLSTATE table (plus
 * the ones Ballast adds). Only consulted on failure; the benchmark measures the success path.
 */
final class TransientFailures {

    private static final Set<String> TRANSIENT = Set.of(
            "08000", "08001", "08003", "08004", "08006", "25006", "40001", "40P01", "53000", "53100", "53200",
            "53300", "53400", "57P01", "57P02", "57P03", "58000", "58030");

    private TransientFailures() {
    }

    /**
     * @param failure anything thrown by the protected call
     * @return whether it is a transient database failure
     */
    static boolean isTransient(Throwable failure) {
        return failure instanceof SQLException sql && sql.getSQLState() != null
                && TRANSIENT.contains(sql.getSQLState());
    }
}
