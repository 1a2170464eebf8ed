package dev.ballast.spring.demo;

import dev.ballast.demo.AppSettings;
import dev.ballast.demo.ChaosMode;
import dev.ballast.demo.CommandLine;
import dev.ballast.demo.chaos.ChaosPlan;
import dev.ballast.demo.chaos.ChaosReport;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Entry point of {@code ballast demo --spring} and {@code ballast chaos --spring}; see {@link #USAGE}.
 *
 * <p>Exit codes as in the plain demo: 0 success; 1 a chaos run found a missing or duplicated write, or the service
 * could not start; 2 a usage error. {@code demo} runs until Ctrl-C / SIGTERM; its shutdown hook closes the
 * application context (web server, then Ballast's pool) and then stops the embedded PostgreSQL.
 */
public final class Main {

    /** The usage text, printed by {@code help} and after a usage error. */
    public static final String USAGE = String.join("\n",
            "Usage: ballast <command> --spring [options]",
            "",
            "The tickets service as a Spring Boot application on ballast-spring-boot-starter.",
            "",
            "Commands:",
            "  demo   Start it (embedded PostgreSQL unless spring.datasource.url is set).",
            "         --port N        API and Actuator port (default 8080; 0 picks a free port)",
            "         --ops-port N    Actuator on its own port (management.server.port)",
            "         --NAME=VALUE    any Spring Boot property, e.g. --spring.datasource.url=jdbc:postgresql://db/t",
            "                         --spring.datasource.ballast.max-pool-size=50 (or SPRING_DATASOURCE_URL, ...)",
            "  chaos  The chaos run of `ballast chaos`, against this application: same load, same faults",
            "         (stop, crash, terminate backends, network partition), same tally. Exits 1 if a write is",
            "         missing or duplicated.",
            "         --duration 60s  how long to drive load (s, m or ms suffix; default 60s)",
            "         --clients 32    concurrent HTTP clients (default 32)",
            "         --config FILE   the plain demo's settings file, for its Database section",
            "  help   Show this text.");

    private Main() {}

    /**
     * @param args {@code demo [options]}, {@code chaos [options]} or {@code help}
     */
    public static void main(String[] args) {
        List<String> list = Arrays.asList(args);
        String command = list.isEmpty() ? "demo" : list.get(0).toLowerCase(Locale.ROOT);
        List<String> rest = list.isEmpty() ? List.of() : list.subList(1, list.size());
        int code;
        try {
            switch (command) {
                case "help", "-h", "--help" -> {
                    System.out.println(USAGE);
                    code = 0;
                }
                case "demo" -> code = demo(springArguments(rest), System.out);
                case "chaos" -> code = chaos(rest, System.out);
                default -> throw new IllegalArgumentException("unknown command '" + list.get(0) + "'");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ballast: " + e.getMessage());
            System.err.println();
            System.err.println(USAGE);
            code = 2;
        } catch (Exception e) {
            System.err.println("ballast: " + command + " --spring failed: " + e);
            code = 1;
        }
        System.exit(code);
    }

    /**
     * @param args the {@code demo} options
     * @return them as Spring Boot arguments: {@code --port N} as {@code --server.port=N}, {@code --ops-port N} as
     *     {@code --management.server.port=N}, {@code --NAME=VALUE} unchanged
     * @throws IllegalArgumentException for anything else
     */
    static List<String> springArguments(List<String> args) {
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (name.equals("--port") || name.equals("--ops-port")) {
                String value = eq > 0 ? arg.substring(eq + 1) : i + 1 < args.size() ? args.get(++i) : null;
                if (value == null) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                int port = port(name, value);
                spring.add((name.equals("--port") ? "--server.port=" : "--management.server.port=") + port);
            } else if (arg.startsWith("--") && eq > 2) {
                spring.add(arg);
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "' for demo --spring");
            }
        }
        return spring;
    }

    private static int port(String name, String value) {
        int p;
        try {
            p = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, but was '" + value + "'");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, but was " + value);
        }
        return p;
    }

    private static int demo(List<String> args, PrintStream out) throws InterruptedException {
        EmbeddedPostgres embedded = new EmbeddedPostgres(out);
        SpringApplication app = new SpringApplication(TicketsApplication.class);
        app.addListeners(embedded);
        app.setRegisterShutdownHook(false); // ours closes the context, then the embedded server
        ConfigurableApplicationContext context;
        try {
            context = app.run(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println();
            out.println("Stopping ...");
            context.close();
            boolean hadEmbedded = embedded.describe() != null;
            embedded.close();
            out.println("Stopped: web server and pool closed" + (hadEmbedded ? ", PostgreSQL stopped." : "."));
            stopped.countDown();
        }, "tickets-shutdown"));
        banner(out, context, embedded);
        stopped.await();
        return 0;
    }

    private static void banner(PrintStream out, ConfigurableApplicationContext context, EmbeddedPostgres embedded) {
        Environment env = context.getEnvironment();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        String host = env.getProperty("server.address", "127.0.0.1");
        URI api = URI.create("http://" + host + ":" + port + "/");
        String managementPort = env.getProperty("management.server.port");
        URI actuator = (managementPort == null ? api : URI.create("http://" + host + ":" + managementPort + "/"))
                .resolve(env.getProperty("management.endpoints.web.base-path", "/actuator").substring(1) + "/");
        String database = embedded.describe() != null ? embedded.describe()
                : "configured: " + env.getProperty("spring.datasource.url");
        out.println();
        out.println("Ballast demo: tickets service on Spring Boot is up (Ballast from ballast-spring-boot-starter)");
        out.println("  database  " + database);
        out.println("  API       " + api + "api/tickets   " + api + "api/users");
        out.println("  health    " + actuator + "health");
        out.println("  metrics   " + actuator + "metrics");
        out.println("  dashboard " + actuator + "ballast/dashboard");
        out.println("  try       curl -si -X POST " + api + "api/tickets -H 'Content-Type: application/json' "
                + "-d '{\"title\":\"Printer on fire\",\"priority\":\"High\"}'");
        out.println("Press Ctrl-C to stop.");
    }

    private static int chaos(List<String> rest, PrintStream out) throws Exception {
        List<String> args = new ArrayList<>();
        args.add("chaos");
        args.addAll(rest);
        CommandLine cl = CommandLine.parse(args);
        if (cl.command().equals("help")) {
            System.out.println(USAGE);
            return 0;
        }
        if (cl.replicas() > 0) {
            throw new IllegalArgumentException("--replicas is not supported with --spring");
        }
        AppSettings settings = cl.config() != null ? AppSettings.load(cl.config(), true, System.getenv())
                : AppSettings.load(Files.exists(Path.of("appsettings.json")) ? Path.of("appsettings.json") : null,
                        false, System.getenv());
        quietLogs();
        out.println("Target: the tickets service on Spring Boot (ballast-spring-boot-starter)");
        ChaosReport report = ChaosMode.run(settings, ChaosPlan.standard(cl.duration(), cl.clients()), out,
                SpringChaosTarget::start);
        return report.passed() ? 0 : 1;
    }

    /**
     * Logs at ERROR from the start, as the plain chaos mode does: the embedded PostgreSQL starts before Spring Boot
     * configures logging (after which {@link SpringChaosTarget}'s {@code logging.level.root=ERROR} applies).
     */
    private static void quietLogs() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }
}
