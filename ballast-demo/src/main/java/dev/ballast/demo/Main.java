package dev.ballast.demo;

import dev.ballast.DatabaseOptions;
import dev.ballast.demo.chaos.ChaosPlan;
import dev.ballast.demo.chaos.ChaosReport;
import dev.ballast.demo.chaos.replica.ReplicaChaosPlan;
import dev.ballast.http.HttpServerHost;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point of {@code ballast demo} and {@code ballast chaos}; see {@link CommandLine#USAGE}.
 *
 * <p>Exit codes: 0 success; 1 a chaos run found a missing or duplicated write, or the service could not start; 2 a
 * usage error. {@code demo} runs until Ctrl-C / SIGTERM, after which the JVM exits with the signal's code (130 / 143)
 * once the shutdown hook has stopped everything.
 */
public final class Main {

    /** Held so that java.util.logging does not forget the level set on it. */
    private static final Logger PGJDBC_LOG = Logger.getLogger("org.postgresql");

    private Main() {}

    /**
     * @param args {@code demo [--port N] [--ops-port N] [--config FILE]}, {@code chaos [--duration 60s]
     *     [--clients 32] [--config FILE]} or {@code help}
     */
    public static void main(String[] args) {
        HttpServerHost.applyJdkDefaults(); // before any HttpServer exists: the JDK reads them once
        CommandLine cl;
        try {
            cl = CommandLine.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("ballast: " + e.getMessage());
            System.err.println();
            System.err.println(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        if (cl.command().equals("help")) {
            System.out.println(CommandLine.USAGE);
            return;
        }
        quietLogs(cl.command().equals("chaos") ? "error" : "info");
        int code;
        try {
            AppSettings settings = settings(cl);
            code = cl.command().equals("chaos") ? chaos(cl, settings, System.out) : demo(cl, settings, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("ballast: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("ballast: " + cl.command() + " failed: " + e);
            e.printStackTrace(System.err);
            code = 1;
        }
        System.exit(code);
    }

    private static AppSettings settings(CommandLine cl) {
        if (cl.config() != null) {
            return AppSettings.load(cl.config(), true, System.getenv());
        }
        Path local = Path.of("appsettings.json");
        return AppSettings.load(Files.exists(local) ? local : null, false, System.getenv());
    }

    private static int demo(CommandLine cl, AppSettings settings, PrintStream out) throws InterruptedException {
        ServiceSettings service = new ServiceSettings(settings.bindAddress(), cl.port().orElse(settings.port()),
                cl.opsPort().orElse(settings.opsPort()), settings.maintenanceInterval(), 64,
                cl.opsToken().orElse(settings.opsToken().orElse(null)));
        EmbeddedDatabase embedded = null;
        String database;
        if (settings.hasConnection()) {
            database = "configured";
        } else {
            out.println("No database configured: starting an embedded PostgreSQL (first run unpacks it) ...");
            embedded = EmbeddedDatabase.start(false);
            database = "embedded PostgreSQL on 127.0.0.1:" + embedded.server().port() + ", database "
                    + EmbeddedDatabase.DATABASE + " (stopped and deleted on exit)";
        }
        TicketsService tickets;
        try {
            DatabaseOptions options = embedded == null ? settings.databaseOptions(null, null)
                    : settings.databaseOptions(embedded.jdbcUrl(), embedded.username());
            if (embedded == null) {
                database = "configured: " + options.url();
            }
            tickets = TicketsService.start(options, service);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedDatabase toStop = embedded;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println();
            out.println("Stopping ...");
            tickets.close();
            if (toStop != null) {
                toStop.close();
            }
            out.println("Stopped: HTTP servers and pool closed" + (toStop == null ? "." : ", PostgreSQL stopped."));
            stopped.countDown();
        }, "tickets-shutdown"));
        banner(out, tickets, database, settings.source());
        stopped.await();
        return 0;
    }

    private static void banner(PrintStream out, TicketsService tickets, String database, String source) {
        String api = tickets.apiUri().toString();
        String ops = tickets.opsUri().toString();
        out.println();
        out.println("Ballast demo: tickets service is up");
        out.println("  settings  " + source);
        out.println("  database  " + database);
        out.printf(Locale.ROOT, "  schema    version %s (%d migration(s) applied now)%n", tickets.schemaVersion(),
                tickets.migrationsApplied());
        out.println("  API       " + api + "api/tickets   " + api + "api/users");
        out.println("  health    " + ops + "health/ready   " + ops + "health/live");
        String token = tickets.opsTokenRequired() ? "   (Authorization: Bearer <ops token>)" : "";
        out.println("  metrics   " + ops + "metrics" + token);
        out.println("  dashboard " + ops + "dashboard" + token);
        out.println("  try       curl -si -X POST " + api + "api/tickets -H 'Content-Type: application/json' "
                + "-d '{\"title\":\"Printer on fire\",\"priority\":\"High\"}'");
        out.println("Press Ctrl-C to stop.");
    }

    private static int chaos(CommandLine cl, AppSettings settings, PrintStream out) throws Exception {
        if (cl.replicas() > 0) {
            return ReplicaChaosMode.run(settings, ReplicaChaosPlan.standard(cl.duration(), cl.clients()),
                    cl.replicas(), out).passed() ? 0 : 1;
        }
        ChaosReport report = ChaosMode.run(settings, ChaosPlan.standard(cl.duration(), cl.clients()), out);
        return report.passed() ? 0 : 1;
    }

    /**
     * Sets slf4j-simple's default level unless the user chose one (must run before the first logger exists), and
     * silences pgjdbc's java.util.logging warnings with stack traces for every broken socket: during an outage
     * they say nothing that the 503s and the chaos tally do not.
     */
    private static void quietLogs(String level) {
        String key = "org.slf4j.simpleLogger.defaultLogLevel";
        if (System.getProperty(key) == null) {
            System.setProperty(key, level);
        }
        PGJDBC_LOG.setLevel(Level.OFF);
    }
}
