package dev.ballast.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * Makes Ballast the Spring Boot application's {@link javax.sql.DataSource}.
 */
@AutoConfiguration
public class BallastAutoConfiguration {
}
