/**
 * Ballast testkit: a real PostgreSQL for tests without Docker (an embedded server with stop, crash, restart and
 * backend-termination controls), a TCP fault proxy for network failures, and a JUnit 5 extension.
 */
module dev.ballast.testkit {
    requires transitive java.sql;
    requires java.naming;
    requires org.postgresql.jdbc;
    requires org.slf4j;
    requires embedded.postgres;
    requires static org.junit.jupiter.api;

    exports dev.ballast.testkit;
    exports dev.ballast.testkit.junit;
}
