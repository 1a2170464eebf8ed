package dev.ballast.spring.demo;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.demo.ChaosMode;
import dev.ballast.demo.chaos.ChaosTarget;
import dev.ballast.demo.chaos.ServiceGauges;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot application as the target of a chaos run ({@code ballast chaos --spring}): started on the chaos
 * database with the chaos run's settings given the way any Spring Boot user gives them, as
 * {@code spring.datasource.*} properties (command-line arguments, so that they win over
 * {@code application.properties}); a free port on the loopback address; logs at ERROR, as in the plain chaos mode
 * (and none for rollbacks that fail on a connection the fault broke).
 * The header and live lines read the {@link Ballast} bean the starter made.
 */
public final class SpringChaosTarget implements ChaosTarget {

    private final ConfigurableApplicationContext context;
    private final Ballast ballast;
    private final URI api;
    private final ServiceGauges gauges;

    private SpringChaosTarget(ConfigurableApplicationContext context) {
        this.context = context;
        this.ballast = context.getBean(Ballast.class);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.api = URI.create("http://127.0.0.1:" + port + "/");
        this.gauges = ChaosMode.gauges(ballast);
    }

    /**
     * Starts the application; a {@link ChaosTarget.Launcher}.
     *
     * @param options the chaos database (through the fault proxy) and the tightened settings
     * @param handlerThreads request threads the server should have at least
     * @return the running application
     */
    public static ChaosTarget start(DatabaseOptions options, int handlerThreads) {
        SpringApplication app = new SpringApplication(TicketsApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setRegisterShutdownHook(false);
        return new SpringChaosTarget(app.run(arguments(options, handlerThreads).toArray(String[]::new)));
    }

    /**
     * @param options the chaos database and settings
     * @param handlerThreads request threads the server should have at least
     * @return them as Spring Boot command-line properties
     */
    static List<String> arguments(DatabaseOptions options, int handlerThreads) {
        List<String> args = new ArrayList<>();
        args.add("--spring.datasource.url=" + options.url());
        if (options.username() != null) {
            args.add("--spring.datasource.username=" + options.username());
        }
        String ballast = "--spring.datasource.ballast.";
        args.add(ballast + "min-pool-size=" + options.minPoolSize());
        args.add(ballast + "max-pool-size=" + options.maxPoolSize());
        args.add(ballast + "connection-timeout-seconds=" + seconds(options.connectionTimeout()));
        args.add(ballast + "command-timeout-seconds=" + seconds(options.commandTimeout()));
        args.add(ballast + "retry-count=" + options.retryCount());
        args.add(ballast + "retry-delay-seconds=" + seconds(options.retryDelay()));
        args.add(ballast + "circuit-breaker-threshold=" + options.circuitBreakerThreshold());
        args.add(ballast + "circuit-breaker-duration-seconds=" + seconds(options.circuitBreakerDuration()));
        args.add(ballast + "failure-ratio=" + options.failureRatio());
        args.add(ballast + "sampling-duration-seconds=" + seconds(options.samplingDuration()));
        args.add("--server.address=127.0.0.1");
        args.add("--server.port=0");
        args.add("--server.tomcat.threads.max=" + Math.max(200, handlerThreads));
        args.add("--logging.level.root=ERROR");
        args.add("--logging.level.org.postgresql=OFF");
        // a rollback on a connection the fault just broke is logged with a stack trace; the tally says what matters
        args.add("--logging.level.org.springframework.transaction.interceptor=OFF");
        args.add("--logging.level.org.springframework.jdbc.support=OFF");
        return args;
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    @Override
    public URI apiUri() {
        return api;
    }

    @Override
    public URI opsUri() {
        return api.resolve("actuator");
    }

    @Override
    public DatabaseOptions options() {
        return ballast.options();
    }

    @Override
    public ServiceGauges gauges() {
        return gauges;
    }

    @Override
    public void close() {
        context.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Spring Boot tickets service on %s", api);
    }
}
