package dev.ballast.demo;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and evolves the schema with Flyway from {@code src/main/resources/db/migration} ({@code V1__…sql} and
 * so on). Flyway takes its connections from Ballast's pooled {@link DataSource}, like any JDBC library would.
 * Public so that the Spring Boot demo migrates the same schema from the same scripts.
 */
public final class Migrations {

    /** Where the migrations are. */
    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {}

    /**
     * Applies every pending migration; applied ones are checked against their checksums.
     *
     * @param dataSource Ballast's data source
     * @return what was applied
     * @throws org.flywaydb.core.api.FlywayException if a migration fails or an applied one was edited
     */
    public static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }
}
