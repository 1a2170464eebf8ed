/**
 * Ballast core: options, the pool, resilience, PostgreSQL error knowledge, metrics, health and events.
 */
module dev.ballast.core {
    requires transitive java.sql;
    requires org.postgresql.jdbc;
    requires org.slf4j;
    requires transitive io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires com.fasterxml.jackson.databind;
    requires static com.fasterxml.jackson.dataformat.yaml;

    exports dev.ballast;
    exports dev.ballast.resilience;
    exports dev.ballast.postgres;
    exports dev.ballast.event;
    exports dev.ballast.health;
    exports dev.ballast.metrics;
    exports dev.ballast.pool;
}
