package dev.ballast.benchmarks.failover;

import dev.ballast.testkit.ReplicaNode;
import dev.ballast.testkit.ReplicaSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * One failover through one pool, on a fresh replica set of a primary and one standby: clients write in a closed loop
 * for the warm-up, the primary is crashed (SIGKILL), after a gap the standby is promoted ({@code pg_promote()}), and
 * the clients go on for a while. A client whose write fails waits 10 ms before its next one, as a real client backs
 * off; the failure is counted by SQLSTATE.
 */
final class FailoverRun {

    private static final long BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long CLIENT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** A pool is back at full throughput once a 1 s window reaches this share of the warm-up's rate. */
    static final double FULL_SHARE = 0.9;

    /** The run's settings. */
    record Settings(int clients, int poolSize, Duration borrowTimeout, Duration warmup, Duration gap, Duration after) {}

    /** What one run measured; times in milliseconds from the promotion call, -1 when it never happened. */
    record Result(String pool, double baselinePerSecond, long promoteMillis, long firstWriteMillis,
            long fullThroughputMillis, long steadyMillis, double afterPerSecond, long writes,
            Map<String, Long> failures) {}

    private FailoverRun() {}

    static Result run(FailoverSubject subject, Settings s) throws SQLException, InterruptedException {
        try (ReplicaSet set = ReplicaSet.launch(1)) {
            ReplicaNode standby = set.standbys().get(0);
            try (Connection c = set.primary().server().connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE failover_writes(id bigserial PRIMARY KEY, client int NOT NULL, "
                        + "at timestamptz NOT NULL DEFAULT now())");
            }
            set.awaitReplayed(standby, Duration.ofSeconds(30));
            try (FailoverSubject.Open pool = subject.open(set, s.poolSize(), s.borrowTimeout())) {
                awaitFirstWrite(pool.dataSource());
                return measure(subject, s, set, standby, pool.dataSource());
            }
        }
    }

    private static Result measure(FailoverSubject subject, Settings s, ReplicaSet set, ReplicaNode standby,
            DataSource ds) throws SQLException, InterruptedException {
        long total = s.warmup().plus(s.gap()).plus(s.after()).plusSeconds(30).toNanos();
        long start = System.nanoTime();
        WriteTimeline timeline = new WriteTimeline(start, BUCKET_NANOS, (int) (total / BUCKET_NANOS));
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        LongAdder writes = new LongAdder();
        Clients clients = new Clients(s.clients(), id -> {
            try (Connection c = ds.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO failover_writes(client) VALUES (?)")) {
                ps.setInt(1, id);
                ps.executeUpdate();
                timeline.success(System.nanoTime());
                writes.increment();
            } catch (SQLException e) {
                failures.computeIfAbsent(kind(e), k -> new LongAdder()).increment();
                LockSupport.parkNanos(CLIENT_BACKOFF_NANOS);
            }
        });
        long crash;
        long promoteCall;
        long promoted;
        try {
            Thread.sleep(s.warmup().toMillis()); // the run's schedule, not a wait for a condition
            crash = System.nanoTime();
            set.primary().server().crash();
            Thread.sleep(s.gap().toMillis());
            promoteCall = System.nanoTime();
            timeline.mark(promoteCall);
            set.promote(standby);
            promoted = System.nanoTime();
            Thread.sleep(s.after().toMillis());
        } finally {
            clients.stop();
        }
        double baseline = timeline.rate(start + s.warmup().toNanos() / 2, crash);
        long end = promoted + s.after().toNanos();
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((k, v) -> failed.put(k, v.sum()));
        double after = timeline.rate(end - Math.min(s.after().toNanos(), TimeUnit.SECONDS.toNanos(5)), end);
        long second = TimeUnit.SECONDS.toNanos(1);
        return new Result(subject.label(), baseline, millis(promoted - promoteCall),
                sinceMillis(timeline.firstSuccessAfterMark(), promoteCall),
                sinceMillis(timeline.endOfFirstWindowReaching(promoteCall, second, FULL_SHARE * baseline), promoteCall),
                sinceMillis(timeline.endOfFirstWindowReaching(promoteCall, second, FULL_SHARE * after), promoteCall),
                after, writes.sum(), failed);
    }

    private static void awaitFirstWrite(DataSource ds) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO failover_writes(client) VALUES (-1)");
                return;
            } catch (SQLException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(CLIENT_BACKOFF_NANOS);
            }
        }
    }

    private static String kind(SQLException e) {
        return e.getClass().getSimpleName() + (e.getSQLState() == null ? "" : " " + e.getSQLState());
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static long sinceMillis(long instant, long origin) {
        return instant == Long.MAX_VALUE ? -1 : millis(instant - origin);
    }

    /** Client threads repeating one write until stopped. */
    private static final class Clients {
        interface Write {
            void once(int client);
        }

        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        Clients(int count, Write write) {
            for (int i = 0; i < count; i++) {
                int id = i;
                Thread t = new Thread(() -> {
                    while (running) {
                        write.once(id);
                    }
                }, "failover-client-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(2));
            }
        }
    }
}
