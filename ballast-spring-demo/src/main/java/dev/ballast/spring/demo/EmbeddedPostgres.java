package dev.ballast.spring.demo;

import dev.ballast.demo.EmbeddedDatabase;
import java.io.PrintStream;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives the application a database when it was given none: once Spring has read every property source, if none
 * sets {@code spring.datasource.url}, starts the plain demo's embedded PostgreSQL (the testkit's server with a
 * {@code tickets} database) and adds its URL and user name as the property source of lowest precedence. With a URL
 * configured it does nothing, and the application runs on that database. {@link #close()} stops the server; call it
 * after the application context is closed, so that the pool closes first.
 */
public final class EmbeddedPostgres implements ApplicationListener<ApplicationEnvironmentPreparedEvent>,
        AutoCloseable {

    /** The property source this listener adds. */
    public static final String SOURCE_NAME = "embeddedPostgres";

    private final PrintStream out;
    private volatile EmbeddedDatabase database;

    /** @param out where to say that an embedded server is being started */
    public EmbeddedPostgres(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (database != null || environment.containsProperty("spring.datasource.url")) {
            return;
        }
        out.println("No spring.datasource.url: starting an embedded PostgreSQL (first run unpacks it) ...");
        EmbeddedDatabase started = EmbeddedDatabase.start(false);
        database = started;
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(
                "spring.datasource.url", started.jdbcUrl(),
                "spring.datasource.username", started.username())));
    }

    /** @return a description of the database for the start-up banner, or null if none was started */
    public String describe() {
        EmbeddedDatabase d = database;
        return d == null ? null : "embedded PostgreSQL on 127.0.0.1:" + d.server().port() + ", database "
                + EmbeddedDatabase.DATABASE + " (stopped and deleted on exit)";
    }

    /** Stops the embedded server, if one was started, and deletes its data. Idempotent. */
    @Override
    public void close() {
        EmbeddedDatabase d = database;
        database = null;
        if (d != null) {
            d.close();
        }
    }
}
