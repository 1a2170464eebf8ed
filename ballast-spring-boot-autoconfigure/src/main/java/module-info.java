/**
 * Spring Boot 4 auto-configuration for Ballast: the application's {@code DataSource}, {@code Ballast} and
 * {@code DatabaseResilience} beans from {@code spring.datasource.*}, Spring transactions replayed by Ballast's
 * rules, and (when Actuator and Micrometer are present) health, metrics and the ops dashboard. Spring's jars are
 * automatic modules; Spring instantiates the configuration classes reflectively, hence the opens.
 */
module dev.ballast.spring.boot.autoconfigure {
    requires transitive dev.ballast.core;
    requires transitive java.sql;
    requires io.opentelemetry.api;
    requires org.slf4j;
    requires spring.core;
    requires spring.beans;
    requires spring.context;
    requires spring.aop;
    requires spring.jdbc;
    requires spring.tx;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.boot.jdbc;
    requires spring.boot.transaction;
    // Actuator, health and metrics (dev.ballast.spring.boot.actuate) are optional.
    requires static spring.boot.actuator;
    requires static spring.boot.actuator.autoconfigure;
    requires static spring.boot.health;
    requires static spring.boot.micrometer.metrics;
    requires static micrometer.core;
    requires static dev.ballast.http;

    exports dev.ballast.spring.boot;
    exports dev.ballast.spring.boot.transaction;
    exports dev.ballast.spring.boot.actuate;

    opens dev.ballast.spring.boot to spring.core, spring.beans, spring.context;
    opens dev.ballast.spring.boot.transaction to spring.core, spring.beans, spring.context, spring.aop;
    opens dev.ballast.spring.boot.actuate to spring.core, spring.beans, spring.context, spring.boot.actuator;
}
