package dev.ballast.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parsed command line of {@code ballast}:
 *
 * <pre>
 * demo  [--port N] [--ops-port N] [--ops-token TOKEN] [--config FILE]
 * chaos [--duration 60s] [--clients 32] [--replicas N] [--config FILE]
 * help
 * </pre>
 *
 * @param command {@code demo}, {@code chaos} or {@code help}
 * @param port {@code --port}, if given
 * @param opsPort {@code --ops-port}, if given
 * @param opsToken {@code --ops-token}, if given
 * @param config {@code --config}, or null
 * @param duration {@code --duration} (chaos), default 60 s
 * @param clients {@code --clients} (chaos), default 32
 * @param replicas {@code --replicas} (chaos): standbys of the replica-set mode, 0 (the default) for the single server
 */
public record CommandLine(String command, OptionalInt port, OptionalInt opsPort, Optional<String> opsToken,
        Path config, Duration duration, int clients, int replicas) {

    /** The usage text, printed by {@code help} and after a usage error. */
    public static final String USAGE = String.join("\n",
            "Usage: ballast <command> [options]",
            "",
            "Commands:",
            "  demo   Start the tickets service (embedded PostgreSQL unless a database is configured).",
            "         --port N        API port (default 8080, or Demo.Port; 0 picks a free port)",
            "         --ops-port N    /health, /metrics and /dashboard port (default 8081, or Demo.OpsPort)",
            "         --ops-token T   bearer token for /metrics and /dashboard (or Demo.OpsToken, DEMO__OPSTOKEN;",
            "                         prefer the environment: a flag shows in the process list). Required when",
            "                         Demo.BindAddress is not a loopback address.",
            "         --config FILE   settings file (default: appsettings.json in the working directory)",
            "  chaos  Run the service on an embedded PostgreSQL behind a fault proxy, drive load, inject",
            "         faults (stop, crash, terminate backends, network partition), then verify every",
            "         acknowledged write. Exits 1 if a write is missing or duplicated.",
            "         --duration 60s  how long to drive load (s, m or ms suffix; default 60s)",
            "         --clients 32    concurrent HTTP clients (default 32)",
            "         --replicas N    replica-set mode: a primary and N streaming standbys (2-4); clients",
            "                         write and read through Ballast while a standby lags and while the",
            "                         primary crashes and a standby is promoted. Exits 1 if a write is",
            "                         missing or duplicated, a read missed its reader's own write, or no",
            "                         standby served a read.",
            "  help   Show this text.",
            "",
            "Environment overrides the settings file, .NET style: DATABASE__MAXPOOLSIZE=50,",
            "ConnectionStrings__Default=jdbc:postgresql://db:5432/tickets, DEMO__PORT=9090.");

    /**
     * @param args the arguments after the program name
     * @return the parsed command line
     * @throws IllegalArgumentException with a message for the user if the arguments are invalid
     */
    public static CommandLine parse(List<String> args) {
        String command = args.isEmpty() ? "demo" : args.get(0).toLowerCase(Locale.ROOT);
        if (command.equals("--help") || command.equals("-h")) {
            command = "help";
        }
        if (!List.of("demo", "chaos", "help").contains(command)) {
            throw new IllegalArgumentException("unknown command '" + args.get(0) + "'");
        }
        OptionalInt port = OptionalInt.empty();
        OptionalInt opsPort = OptionalInt.empty();
        Optional<String> opsToken = Optional.empty();
        Path config = null;
        Duration duration = Duration.ofSeconds(60);
        int clients = 32;
        int replicas = 0;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                return new CommandLine("help", port, opsPort, opsToken, config, duration, clients, replicas);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args.get(++i);
            }
            switch (command + " " + name) {
                case "demo --port":
                    port = OptionalInt.of(port(name, value));
                    break;
                case "demo --ops-port":
                    opsPort = OptionalInt.of(port(name, value));
                    break;
                case "demo --ops-token":
                    opsToken = Optional.of(value);
                    break;
                case "demo --config":
                case "chaos --config":
                    config = Path.of(value);
                    break;
                case "chaos --duration":
                    duration = duration(value);
                    break;
                case "chaos --clients":
                    clients = positive(name, value, 1000);
                    break;
                case "chaos --replicas":
                    replicas = number(name, value);
                    if (replicas < 2 || replicas > 4) {
                        throw new IllegalArgumentException(name + " must be between 2 and 4 (one standby is "
                                + "promoted, and one must be left to read from), but was " + value);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + name + "' for " + command);
            }
        }
        return new CommandLine(command, port, opsPort, opsToken, config, duration, clients, replicas);
    }

    /**
     * @param text {@code 60s}, {@code 2m}, {@code 1500ms} or a bare number of seconds
     * @return the duration, at least one second
     * @throws IllegalArgumentException if malformed or below one second
     */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(t));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--duration must look like 60s, 2m or 1500ms, but was '" + text + "'");
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--duration must be at least 1s, but was '" + text + "'");
        }
        return d;
    }

    private static int port(String name, String value) {
        int p = number(name, value);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, but was " + value);
        }
        return p;
    }

    private static int positive(String name, String value, int max) {
        int n = number(name, value);
        if (n < 1 || n > max) {
            throw new IllegalArgumentException(name + " must be between 1 and " + max + ", but was " + value);
        }
        return n;
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, but was '" + value + "'");
        }
    }

    /** @return the command line, the ops token shown only as given or not */
    @Override
    public String toString() {
        return "CommandLine[command=" + command + ", port=" + port + ", opsPort=" + opsPort + ", opsToken="
                + (opsToken.isPresent() ? "******" : "none") + ", config=" + config + ", duration=" + duration
                + ", clients=" + clients + "]";
    }
}
