package dev.ballast.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link BallastConfigurationException} into Spring Boot's start-up report: what is wrong, what to do. */
final class BallastConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<BallastConfigurationException> {

    static final String ACTION = "Correct the property named above. Ballast takes its connection from"
            + " spring.datasource.url, spring.datasource.username and spring.datasource.password (or a"
            + " JdbcConnectionDetails service connection) and every other setting from spring.datasource.ballast.*,"
            + " each DatabaseOptions key in kebab case with durations in seconds (your IDE completes them; see"
            + " docs/spring-boot.md).";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BallastConfigurationException cause) {
        return new FailureAnalysis("Ballast could not be configured: " + cause.getMessage(), ACTION, cause);
    }
}
