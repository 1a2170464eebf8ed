package dev.ballast.demo;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.demo.chaos.WriteStore;
import dev.ballast.demo.chaos.replica.BallastReplicaClient;
import dev.ballast.demo.chaos.replica.ReplicaChaosPlan;
import dev.ballast.demo.chaos.replica.ReplicaChaosReport;
import dev.ballast.demo.chaos.replica.ReplicaChaosRun;
import dev.ballast.demo.chaos.replica.ReplicaFaults;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.ReplicaSet;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code ballast chaos --replicas N}: Ballast over an embedded primary and N streaming standbys (the testkit's
 * {@link ReplicaSet}, every node behind a fault proxy), driven by clients that write and read while a standby lags and
 * while the primary crashes and the most advanced standby is promoted; then every acknowledged write is checked on the
 * surviving primary.
 *
 * <p>Replication is synchronous to any one standby ({@code synchronous_standby_names = 'ANY 1 (*)'}), as a
 * deployment that promises no acknowledged write is lost in a failover must run it: with asynchronous replication a
 * crashed primary takes the commits its standbys had not received with it, whatever the client library does. The
 * file's {@code Database} settings apply, except the connection (the set's multi-host URL) and the values
 * {@link ChaosMode} tightens.
 */
public final class ReplicaChaosMode {

    private ReplicaChaosMode() {}

    /**
     * @param settings the service's settings (its {@code Database} section applies, its connection does not)
     * @param plan what to do
     * @param standbys how many standbys, at least 2
     * @param out where to print
     * @return the report; {@link ReplicaChaosReport#passed()} decides the exit code
     * @throws Exception if the replica set or Ballast cannot start, or the primary cannot be read for verification
     */
    public static ReplicaChaosReport run(AppSettings settings, ReplicaChaosPlan plan, int standbys, PrintStream out)
            throws Exception {
        out.printf(Locale.ROOT, "Ballast replica chaos: %d s of reads and writes from %d clients; faults: %s%n",
                plan.duration().toSeconds(), plan.clients(),
                plan.steps().stream().map(s -> s.fault().label()).collect(Collectors.joining(", ")));
        out.printf(Locale.ROOT, "Starting an embedded primary and %d streaming standbys ...%n", standbys);
        try (ReplicaSet set = ReplicaSet.builder().standbys(standbys).synchronousStandbys(1).build()) {
            try (Connection c = set.primary().server().connect(); Statement s = c.createStatement()) {
                s.execute(BallastReplicaClient.SCHEMA);
            }
            set.awaitAllReplayed(Duration.ofSeconds(30));
            DatabaseOptions options = settings.embeddedOptions(set.jdbcUrl(), PostgresServer.USERNAME).toBuilder()
                    .retryDelay(ChaosMode.RETRY_DELAY)
                    .circuitBreakerDuration(ChaosMode.BREAK_DURATION)
                    .samplingDuration(ChaosMode.SAMPLING_DURATION)
                    .connectionTimeout(ChaosMode.CONNECTION_TIMEOUT)
                    .readYourWrites(true)
                    .build();
            out.println("Replica set: " + set);
            out.println("Ballast connects to " + set.jdbcUrl());
            try (Ballast db = Ballast.start(options)) {
                ReplicaChaosRun run = new ReplicaChaosRun(plan, new BallastReplicaClient(db), new ReplicaFaults(set),
                        primaryRows(set), System::nanoTime, out);
                ReplicaChaosReport report = run.run();
                out.println();
                out.print(report.format());
                return report;
            }
        }
    }

    /** Reads every row straight from the current primary, bypassing Ballast and the proxies. */
    private static WriteStore primaryRows(ReplicaSet set) {
        return () -> {
            Map<UUID, List<Long>> rows = new HashMap<>();
            try (Connection c = set.primary().server().connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT key, id FROM chaos_writes")) {
                while (rs.next()) {
                    rows.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>(1)).add(rs.getLong(2));
                }
            }
            return rows;
        };
    }
}
