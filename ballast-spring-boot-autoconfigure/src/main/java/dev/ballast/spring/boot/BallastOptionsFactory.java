package dev.ballast.spring.boot;

import dev.ballast.DatabaseOptions;
import java.util.List;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.core.env.Environment;

/**
 * Builds {@link DatabaseOptions} the way a Spring Boot application configures its data source: the connection from
 * a {@link JdbcConnectionDetails} bean when there is one (a Testcontainers or Docker Compose service connection),
 * otherwise from {@code spring.datasource.url}, {@code username} and {@code password}; then every
 * {@code spring.datasource.ballast.*} setting, then the {@link BallastOptionsCustomizer}s. Every error says which
 * property or bean it comes from and never contains a password.
 */
final class BallastOptionsFactory {

    private BallastOptionsFactory() {}

    /**
     * @param environment the application's environment
     * @param details the service connection, or null
     * @param properties Spring's {@code spring.datasource.*} properties, or null if not bound
     * @param customizers the customizers, in order
     * @return the options
     * @throws BallastConfigurationException if there is no URL, or any value is invalid
     */
    static DatabaseOptions create(Environment environment, JdbcConnectionDetails details,
            DataSourceProperties properties, List<BallastOptionsCustomizer> customizers) {
        String source = details != null ? "the " + details.getClass().getSimpleName() + " service connection"
                : "spring.datasource.url";
        String url = details != null ? details.getJdbcUrl() : properties != null ? properties.getUrl() : null;
        if (url == null || url.isBlank()) {
            throw new BallastConfigurationException("Ballast has no database to connect to: set spring.datasource.url"
                    + " (for example jdbc:postgresql://localhost:5432/app) or provide a JdbcConnectionDetails bean"
                    + " (a service connection)", null);
        }
        DatabaseOptions.Builder builder = DatabaseOptions.builder();
        try {
            builder.url(url);
        } catch (IllegalArgumentException e) {
            throw new BallastConfigurationException("Invalid JDBC URL from " + source + ": " + e.getMessage(), e);
        }
        String username = details != null ? details.getUsername() : properties != null ? properties.getUsername()
                : null;
        String password = details != null ? details.getPassword() : properties != null ? properties.getPassword()
                : null;
        if (username != null && !username.isEmpty()) {
            try {
                builder.username(username);
            } catch (IllegalArgumentException e) {
                throw new BallastConfigurationException("Invalid user name from " + (details != null ? source
                        : "spring.datasource.username") + ": " + e.getMessage(), e);
            }
        }
        if (password != null) {
            builder.password(password);
        }
        try {
            builder.properties(SpringSettings.read(environment), SpringSettings.PREFIX);
        } catch (IllegalArgumentException e) {
            throw new BallastConfigurationException(e.getMessage(), e);
        }
        HikariMigration.warnIfAny(environment);
        customizers.forEach(c -> c.customize(builder));
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new BallastConfigurationException("Invalid Ballast configuration (" + SpringSettings.PREFIX + ".*, "
                    + source + "): " + e.getMessage(), e);
        }
    }
}
