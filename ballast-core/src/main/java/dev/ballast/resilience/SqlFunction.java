package dev.ballast.resilience;

import java.sql.SQLException;

/**
 * Database work that takes an argument, typically a {@link java.sql.Connection}, and returns a value. May be
 * called more than once, each time with a fresh argument.
 *
 * @param <A> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SqlFunction<A, R> {

    /**
     * @param argument the argument, e.g. the connection of this attempt
     * @return the result
     * @throws SQLException if the work fails
     */
    R apply(A argument) throws SQLException;
}
