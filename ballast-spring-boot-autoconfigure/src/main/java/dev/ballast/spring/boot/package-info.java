/**
 * Spring Boot auto-configuration that makes Ballast the application's {@link javax.sql.DataSource}.
 */
package dev.ballast.spring.boot;
