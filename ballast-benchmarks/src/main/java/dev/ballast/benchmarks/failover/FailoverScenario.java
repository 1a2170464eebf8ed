package dev.ballast.benchmarks.failover;

import dev.ballast.benchmarks.report.MarkdownTable;
import dev.ballast.benchmarks.report.Options;
import dev.ballast.benchmarks.report.ResultFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Issue 13's failover benchmark: time from a standby's promotion to the first acknowledged write, and to full
 * throughput again, for Ballast and for HikariCP over pgjdbc's multi-host URL ({@code targetServerType=primary}),
 * side by side in one run, each round on a fresh replica set (see {@link FailoverRun}). Options, all
 * {@code --name=value}: {@code clients} (8), {@code pool-size} (8), {@code borrow-timeout} (5 s), {@code warmup}
 * (5 s), {@code gap} between the crash and the promotion (1 s), {@code after} the promotion (15 s), {@code rounds}
 * (2, alternating which pool goes first), {@code pools} ({@code ballast,hikari}), {@code out} (directory for
 * {@code failover.md/.json}; none by default).
 */
public final class FailoverScenario {

    private static final Logger PGJDBC_LOG = Logger.getLogger("org.postgresql");

    private FailoverScenario() {}

    /**
     * @param args {@code --name=value} options, see the class documentation
     * @throws Exception if a replica set or a pool cannot be set up, or the run is interrupted
     */
    public static void main(String[] args) throws Exception {
        PGJDBC_LOG.setLevel(Level.OFF); // a stack trace per broken socket in the crash says nothing the table does not
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("clients", "8");
        defaults.put("pool-size", "8");
        defaults.put("borrow-timeout", "5");
        defaults.put("warmup", "5");
        defaults.put("gap", "1");
        defaults.put("after", "15");
        defaults.put("rounds", "2");
        defaults.put("pools", "ballast,hikari");
        defaults.put("out", "");
        Options o = Options.parse(args, defaults);
        FailoverRun.Settings settings = new FailoverRun.Settings(o.positiveInt("clients"), o.positiveInt("pool-size"),
                o.duration("borrow-timeout"), o.duration("warmup"), o.duration("gap"), o.duration("after"));
        List<FailoverSubject> subjects = o.list("pools").stream().map(FailoverSubject::of).toList();
        int rounds = o.positiveInt("rounds");

        List<FailoverRun.Result> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<FailoverSubject> order = new ArrayList<>(subjects);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (FailoverSubject subject : order) {
                System.out.printf("round %d, %s: %s%n", round + 1, subject.label(), settings);
                FailoverRun.Result r = FailoverRun.run(subject, settings);
                System.out.println("  " + r);
                results.add(r);
            }
        }
        String title = String.format("Failover: primary crashed, standby promoted %s later; %d clients writing "
                        + "through a pool of %d (borrow timeout %s); %s warm-up, %s after the promotion; JDK %s, "
                        + "%d CPUs", Options.format(settings.gap()), settings.clients(), settings.poolSize(),
                Options.format(settings.borrowTimeout()), Options.format(settings.warmup()),
                Options.format(settings.after()), Runtime.version(), Runtime.getRuntime().availableProcessors());
        String markdown = report(title, results);
        System.out.println();
        System.out.println(markdown);
        String out = o.string("out");
        if (!out.isEmpty()) {
            ResultFiles.write(Path.of(out), "failover", markdown, json(title, settings, results));
        }
    }

    /** @return the results as plain maps, lists, numbers and strings (durations in milliseconds) */
    static Map<String, Object> json(String title, FailoverRun.Settings settings, List<FailoverRun.Result> results) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("clients", settings.clients());
        s.put("poolSize", settings.poolSize());
        s.put("borrowTimeoutMillis", settings.borrowTimeout().toMillis());
        s.put("warmupMillis", settings.warmup().toMillis());
        s.put("gapMillis", settings.gap().toMillis());
        s.put("afterMillis", settings.after().toMillis());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", title);
        json.put("settings", s);
        json.put("results", results);
        return json;
    }

    static String report(String title, List<FailoverRun.Result> results) {
        MarkdownTable table = new MarkdownTable("pool", "warm-up writes/s", "pg_promote ms",
                "first write after promotion ms", "full throughput after promotion ms", "steady after promotion ms",
                "writes/s after (last 5 s)",
                "failed writes (by kind)");
        for (FailoverRun.Result r : results) {
            table.row(r.pool(), String.format("%.0f", r.baselinePerSecond()), Long.toString(r.promoteMillis()),
                    never(r.firstWriteMillis()), never(r.fullThroughputMillis()), never(r.steadyMillis()),
                    String.format("%.0f", r.afterPerSecond()),
                    r.failures().isEmpty() ? "0" : r.failures().entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        }
        return "# " + title + "\n\n" + table + "\n"
                + "Times run from the call to `pg_promote()` on the standby. Full throughput: the end of the first 1 s "
                + "window with at least " + Math.round(FailoverRun.FULL_SHARE * 100) + " % of the warm-up's rate "
                + "(second half of the warm-up); steady: the same against the rate of the run's last 5 s (the new "
                + "primary may be slower than the old one was: cold caches, a busy machine). \"never\": not within "
                + "the run.\n";
    }

    private static String never(long millis) {
        return millis < 0 ? "never" : Long.toString(millis);
    }
}
