/**
 * Spring Boot auto-configuration that makes Ballast the application's {@link javax.sql.DataSource}: the
 * {@code Ballast}, {@code DataSource}, {@code DatabaseResilience} and {@code DatabaseOptions} beans, configured from
 * {@code spring.datasource.url|username|password} (or a {@code JdbcConnectionDetails} service connection) and
 * {@code spring.datasource.ballast.*}, read through Ballast's own key table. Transactions replayed by Ballast's rules
 * are in {@code dev.ballast.spring.boot.transaction}; Actuator and Micrometer support in
 * {@code dev.ballast.spring.boot.actuate}. See {@code docs/spring-boot.md}.
 */
package dev.ballast.spring.boot;
