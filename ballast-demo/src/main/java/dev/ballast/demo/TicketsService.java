package dev.ballast.demo;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.demo.http.ApiServer;
import dev.ballast.http.Dashboard;
import dev.ballast.http.OpsServer;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running tickets service: Ballast (pool + resilience + metrics), the schema migrated by Flyway, the API on one
 * port, the ops endpoints of {@code ballast-http} (with the live {@code /dashboard}) on another, and the maintenance
 * job. It does not own the database: whoever started an embedded one stops it after closing the service.
 *
 * <p>Start order: OpenTelemetry SDK, Ballast, migrations, API, ops endpoints, maintenance. {@link #close()} stops them
 * in reverse, each even if another failed. Thread-safe.
 */
public final class TicketsService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TicketsService.class);

    private final Deque<AutoCloseable> resources;
    private final Ballast ballast;
    private final ApiServer api;
    private final OpsServer ops;
    private final MaintenanceJob maintenance;
    private final MigrateResult migration;
    private final boolean opsTokenRequired;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TicketsService(Deque<AutoCloseable> resources, Ballast ballast, ApiServer api, OpsServer ops,
            MaintenanceJob maintenance, MigrateResult migration, boolean opsTokenRequired) {
        this.resources = resources;
        this.ballast = ballast;
        this.api = api;
        this.ops = ops;
        this.maintenance = maintenance;
        this.migration = migration;
        this.opsTokenRequired = opsTokenRequired;
    }

    /**
     * Starts the service.
     *
     * @param options Ballast's options (the connection included)
     * @param settings ports and schedule
     * @return the running service
     * @throws RuntimeException if any part cannot start; what had started is stopped again
     */
    public static TicketsService start(DatabaseOptions options, ServiceSettings settings) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(settings, "settings");
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            Telemetry telemetry = Telemetry.start();
            started.push(telemetry);
            Dashboard dashboard = Dashboard.create();
            Ballast ballast = Ballast.start(options, telemetry.openTelemetry(), List.of(dashboard));
            started.push(ballast);
            started.push(dashboard.attach(ballast));
            MigrateResult migration = Migrations.migrate(ballast.dataSource());
            ApiServer api = ApiServer.start(settings.bindAddress(), settings.port(),
                    new DatabaseTicketDesk(ballast.resilience()), settings.handlerThreads());
            started.push(api);
            OpsServer.Builder opsBuilder = OpsServer.builder()
                    .bindAddress(settings.bindAddress())
                    .port(settings.opsPort())
                    .readiness(() -> ballast.healthCheck().check())
                    .metrics(telemetry.reader())
                    .dashboard(dashboard);
            if (settings.opsToken() != null) {
                opsBuilder.bearerToken(settings.opsToken());
            }
            OpsServer ops = opsBuilder.start();
            started.push(ops);
            MaintenanceJob maintenance = MaintenanceJob.schedule(ballast.resilience(), settings.maintenanceInterval());
            started.push(maintenance);
            return new TicketsService(started, ballast, api, ops, maintenance, migration,
                    settings.opsToken() != null);
        } catch (RuntimeException | Error e) {
            closeAll(started);
            throw e;
        }
    }

    /** @return the API's base URI, e.g. {@code http://127.0.0.1:8080/} */
    public URI apiUri() {
        return api.baseUri();
    }

    /** @return the ops endpoints' base URI, e.g. {@code http://127.0.0.1:8081/} */
    public URI opsUri() {
        return ops.baseUri();
    }

    /** @return whether {@code /metrics} and {@code /dashboard} require the ops bearer token */
    public boolean opsTokenRequired() {
        return opsTokenRequired;
    }

    /** @return Ballast: pool statistics, breaker state, health */
    public Ballast ballast() {
        return ballast;
    }

    /** @return the maintenance job */
    public MaintenanceJob maintenance() {
        return maintenance;
    }

    /** @return the schema version after start-up migrations, e.g. {@code 1} */
    public String schemaVersion() {
        return migration.targetSchemaVersion == null ? "none" : migration.targetSchemaVersion;
    }

    /** @return how many migrations start-up applied (0 when the schema was current) */
    public int migrationsApplied() {
        return migration.migrationsExecuted;
    }

    /** Stops the maintenance job, the HTTP servers and Ballast, in that order. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(resources);
        }
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", r.getClass().getSimpleName(), e);
            }
        }
    }
}
