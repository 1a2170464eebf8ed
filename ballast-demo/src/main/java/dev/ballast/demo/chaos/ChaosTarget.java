package dev.ballast.demo.chaos;

import dev.ballast.DatabaseOptions;
import java.net.URI;

/**
 * The tickets service a chaos run drives: the plain service of {@code ballast chaos}, or the Spring Boot application
 * of {@code ballast chaos --spring}. Whatever it is, it serves the tickets API at {@link #apiUri()} and runs on
 * Ballast, whose breaker and pool the live line shows. {@link #close()} stops it (not the database).
 */
public interface ChaosTarget extends AutoCloseable {

    /** @return the API's base URI, e.g. {@code http://127.0.0.1:41234/} */
    URI apiUri();

    /** @return where its health, metrics and dashboard are, for the header line */
    URI opsUri();

    /** @return the options Ballast runs with in the service, for the header line */
    DatabaseOptions options();

    /** @return the service's breaker and pool, for the live line */
    ServiceGauges gauges();

    /** Stops the service; idempotent. */
    @Override
    void close();

    /** Starts a target on the chaos run's database. */
    @FunctionalInterface
    interface Launcher {

        /**
         * @param options the connection (through the fault proxy) and the tightened resilience settings
         * @param handlerThreads HTTP handler threads the service should have at least, so that every client is
         *     served at once
         * @return the running service
         * @throws Exception if it cannot start; whatever it had started is stopped again
         */
        ChaosTarget start(DatabaseOptions options, int handlerThreads) throws Exception;
    }
}
