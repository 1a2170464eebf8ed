package dev.ballast.spring.demo;

import dev.ballast.demo.Migrations;
import dev.ballast.demo.TicketRepository;
import dev.ballast.demo.UserRepository;
import dev.ballast.resilience.DatabaseResilience;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The tickets service on Spring Boot. Everything Ballast-related comes from the starter: this class configures no
 * pool, no resilience and no health check, only the application's own beans, built on the starter's
 * {@link DataSource} and {@link DatabaseResilience}.
 *
 * <ul>
 *   <li>the schema: the plain demo's Flyway migrations, run on Ballast's {@code DataSource} at start-up;</li>
 *   <li>reads: the plain demo's {@link TicketRepository} and {@link UserRepository}, each call through
 *       {@link DatabaseResilience#withConnection} (retried on a transient failure, failing fast while the circuit is
 *       open), exactly as in the plain demo;</li>
 *   <li>writes: {@link TicketWrites}, {@code @ResilientTransaction} methods replayed whole by the starter;</li>
 *   <li>HTTP: {@link TicketsController} and {@link ApiProblems}.</li>
 * </ul>
 *
 * Start it with {@link Main} ({@code ballast demo --spring}), which also provides the embedded PostgreSQL.
 */
@SpringBootApplication
public class TicketsApplication {

    /**
     * Migrates the schema before the web server takes requests (it starts once every singleton exists).
     *
     * @param dataSource Ballast's data source, from the starter
     * @return what Flyway applied
     */
    @Bean
    public MigrateResult ticketsSchema(DataSource dataSource) {
        return Migrations.migrate(dataSource);
    }

    /**
     * @param resilience Ballast's resilience, from the starter
     * @return the plain demo's ticket reads
     */
    @Bean
    public TicketRepository ticketRepository(DatabaseResilience resilience) {
        return new TicketRepository(resilience);
    }

    /**
     * @param resilience Ballast's resilience, from the starter
     * @return the plain demo's user reads
     */
    @Bean
    public UserRepository userRepository(DatabaseResilience resilience) {
        return new UserRepository(resilience);
    }
}
