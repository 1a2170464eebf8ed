package dev.ballast.demo;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.demo.chaos.ChaosPlan;
import dev.ballast.demo.chaos.ChaosReport;
import dev.ballast.demo.chaos.ChaosRun;
import dev.ballast.demo.chaos.ChaosTarget;
import dev.ballast.demo.chaos.EmbeddedFaults;
import dev.ballast.demo.chaos.JdbcWriteStore;
import dev.ballast.demo.chaos.ServiceGauges;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code ballast chaos}: the service on an embedded PostgreSQL behind a fault proxy, driven by HTTP clients while
 * faults are injected, then verified. Ballast connects through the proxy, so a partition cuts the service off the
 * database while the verification (a direct connection) still sees it.
 *
 * <p>The file's {@code Database} settings apply, except that a configured connection is ignored (the chaos mode
 * must own the server to crash it) and these are tightened so that several faults fit in a minute:
 * {@code RetryDelay} 200 ms, {@code CircuitBreakerDuration} 2 s, {@code SamplingDuration} 2 s (with the default 30 s
 * window, a two-second outage amid thousands of successes never reaches the failure ratio, and the breaker would
 * never be seen opening), {@code ConnectionTimeout} 5 s.
 *
 * <p>The service under test is a {@link ChaosTarget}: this module's {@link TicketsService} by default, or any other
 * implementation of the same API on Ballast (the Spring Boot demo passes its own launcher), so every variant is
 * judged by one runner and one tally.
 */
public final class ChaosMode {

    /** Retry base delay during chaos. */
    static final Duration RETRY_DELAY = Duration.ofMillis(200);
    /** How long the circuit stays open during chaos. */
    static final Duration BREAK_DURATION = Duration.ofSeconds(2);
    /** The breaker's sampling window during chaos. */
    static final Duration SAMPLING_DURATION = Duration.ofSeconds(2);
    /** Longest wait for a connection during chaos. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private ChaosMode() {}

    /**
     * Runs a chaos session and prints its live lines and tally.
     *
     * @param settings the service's settings (its {@code Database} section applies, its connection does not)
     * @param plan what to do
     * @param out where to print
     * @return the report; {@link ChaosReport#passed()} decides the exit code
     * @throws Exception if the service cannot start or the database cannot be read for verification
     */
    public static ChaosReport run(AppSettings settings, ChaosPlan plan, PrintStream out) throws Exception {
        return run(settings, plan, out, ChaosMode::startTickets);
    }

    /**
     * Runs a chaos session against the service {@code launcher} starts, and prints its live lines and tally.
     *
     * @param settings the service's settings (its {@code Database} section applies, its connection does not)
     * @param plan what to do
     * @param out where to print
     * @param launcher starts the service under test on the chaos database
     * @return the report; {@link ChaosReport#passed()} decides the exit code
     * @throws Exception if the service cannot start or the database cannot be read for verification
     */
    public static ChaosReport run(AppSettings settings, ChaosPlan plan, PrintStream out, ChaosTarget.Launcher launcher)
            throws Exception {
        out.printf(Locale.ROOT, "Ballast chaos: %d s of load from %d HTTP clients; %d faults%n",
                plan.duration().toSeconds(), plan.clients(), plan.faults().size());
        out.println("Starting embedded PostgreSQL behind a fault proxy ...");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(true)) {
            DatabaseOptions tightened = settings.embeddedOptions(database.jdbcUrl(), database.username()).toBuilder()
                    .retryDelay(RETRY_DELAY)
                    .circuitBreakerDuration(BREAK_DURATION)
                    .samplingDuration(SAMPLING_DURATION)
                    .connectionTimeout(CONNECTION_TIMEOUT)
                    .build();
            try (ChaosTarget tickets = launcher.start(tightened, Math.max(32, plan.clients() + 8))) {
                DatabaseOptions options = tickets.options();
                out.printf(Locale.ROOT, "Service on %s (ops %s); PostgreSQL on port %d, proxy on port %d%n",
                        tickets.apiUri(), tickets.opsUri(), database.server().port(), database.proxy().port());
                out.printf(Locale.ROOT, "Ballast: MaxPoolSize %d, RetryCount %d, RetryDelay %d ms, "
                                + "CircuitBreaker: Threshold %d, FailureRatio %.2f, SamplingDuration %d s, Duration %d s; "
                                + "ConnectionTimeout %d s%n",
                        options.maxPoolSize(), options.retryCount(), options.retryDelay().toMillis(),
                        options.circuitBreakerThreshold(), options.failureRatio(),
                        options.samplingDuration().toSeconds(), options.circuitBreakerDuration().toSeconds(),
                        options.connectionTimeout().toSeconds());
                out.println();
                ChaosRun run = new ChaosRun(plan, tickets.apiUri(),
                        new EmbeddedFaults(database.server(), database.proxy()), tickets.gauges(),
                        new JdbcWriteStore(database.directJdbcUrl(), database.username()), System::nanoTime, out);
                ChaosReport report = run.run();
                out.println();
                out.print(report.format());
                return report;
            }
        }
    }

    private static ChaosTarget startTickets(DatabaseOptions options, int handlerThreads) {
        TicketsService tickets = TicketsService.start(options,
                new ServiceSettings("127.0.0.1", 0, 0, Duration.ofSeconds(15), handlerThreads));
        ServiceGauges gauges = gauges(tickets.ballast());
        return new ChaosTarget() {
            @Override
            public URI apiUri() {
                return tickets.apiUri();
            }

            @Override
            public URI opsUri() {
                return tickets.opsUri();
            }

            @Override
            public DatabaseOptions options() {
                return tickets.ballast().options();
            }

            @Override
            public ServiceGauges gauges() {
                return gauges;
            }

            @Override
            public void close() {
                tickets.close();
            }
        };
    }

    /**
     * @param ballast a running Ballast
     * @return its breaker state and pool counts, read live
     */
    public static ServiceGauges gauges(Ballast ballast) {
        return new ServiceGauges() {
            @Override
            public String circuitState() {
                return ballast.resilience().circuitState().name();
            }

            @Override
            public int used() {
                return ballast.stats().used();
            }

            @Override
            public int idle() {
                return ballast.stats().idle();
            }

            @Override
            public int pending() {
                return ballast.stats().pending();
            }
        };
    }
}
