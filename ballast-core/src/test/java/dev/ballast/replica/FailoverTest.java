package dev.ballast.replica;

import static dev.ballast.replica.ReplicaRoutingTest.insert;
import static dev.ballast.replica.Servers.await;
import static dev.ballast.replica.Servers.nodeOf;
import static dev.ballast.replica.Servers.serverPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.event.BallastListener;
import dev.ballast.resilience.CommitOutcomeUnknownException;
import dev.ballast.testkit.ReplicaNode;
import dev.ballast.testkit.ReplicaSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Failover on real servers: each test gets a replica set of its own, since it changes the topology. */
class FailoverTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    /** Records when the monitor announced a new primary. */
    private static final class PrimaryWatch implements BallastListener {
        final AtomicReference<String> newPrimary = new AtomicReference<>();
        final AtomicLong announcedAt = new AtomicLong();
        final CountDownLatch announced = new CountDownLatch(1);
        volatile String oldPrimary;

        @Override
        public void primaryChanged(String from, String to) {
            if (to != null && oldPrimary != null && !to.equals(oldPrimary) && newPrimary.compareAndSet(null, to)) {
                announcedAt.set(System.nanoTime());
                announced.countDown();
            }
        }
    }

    private static ReplicaSet launch() throws Exception {
        ReplicaSet set = ReplicaSet.launch(1);
        Servers.execute(set.primary(), "create table notes(id bigserial primary key, body text unique)");
        set.awaitAllReplayed(BOUND);
        return set;
    }

    @Test
    void aPromotionIsDetectedWithinAboutASecondAndWritesResumeOnTheNewPrimary() throws Exception {
        try (ReplicaSet set = launch()) {
            ReplicaNode old = set.primary();
            ReplicaNode standby = set.standbys().get(0);
            PrimaryWatch watch = new PrimaryWatch();
            watch.oldPrimary = old.host() + ":" + old.port();
            try (Ballast db = Servers.start(Servers.options(set).retryCount(20).listener(watch).build())) {
                await("writes work", BOUND, () -> db.resilience().inTransaction(c -> insert(c, "before")) > 0);

                old.server().crash();
                long promoting = System.nanoTime();
                set.promote(standby); // pg_promote() and a wait until the standby accepts writes
                long promoted = System.nanoTime();

                assertThat(watch.announced.await(10, TimeUnit.SECONDS)).as("a new primary announced").isTrue();
                Duration detection = Duration.ofNanos(watch.announcedAt.get() - promoting);
                assertThat(watch.newPrimary.get()).isEqualTo(standby.host() + ":" + standby.port());
                assertThat(detection).as("detection after the promotion began").isLessThan(Duration.ofSeconds(3));

                ReplicaNode wroteOn = db.resilience().inTransaction(c -> {
                    insert(c, "after");
                    return nodeOf(set, serverPort(c));
                });
                Duration firstWrite = Duration.ofNanos(System.nanoTime() - promoted);
                assertThat(wroteOn).isSameAs(standby);
                assertThat(firstWrite).as("first write after promotion").isLessThan(Duration.ofSeconds(5));
                System.out.printf("promotion detected %d ms after pg_promote() was called (which returned after"
                        + " %d ms); first write %d ms after it returned%n", detection.toMillis(),
                        Duration.ofNanos(promoted - promoting).toMillis(), firstWrite.toMillis());
                assertThat(nodeOf(set, db.dataSource())).isSameAs(standby);
                await("the failover alert fires", BOUND, () -> db.activeAlerts().stream()
                        .anyMatch(a -> a.rule() == dev.ballast.alert.AlertRule.FAILOVER
                                && a.message().contains(standby.host() + ":" + standby.port())));
            }
        }
    }

    @Test
    void aFailoverUnderConcurrentWritesWithDefaultSettingsResumesWritesWithoutOpeningTheCircuit() throws Exception {
        try (ReplicaSet set = launch()) {
            ReplicaNode old = set.primary();
            ReplicaNode standby = set.standbys().get(0);
            DatabaseOptions options = DatabaseOptions.builder().url(set.jdbcUrl())
                    .username(dev.ballast.testkit.PostgresServer.USERNAME).build(); // every other key at its default
            try (Ballast db = Servers.start(options)) {
                await("writes work", BOUND, () -> db.resilience().inTransaction(c -> insert(c, "before")) > 0);
                int writers = 8;
                ExecutorService pool = Executors.newFixedThreadPool(writers);
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong afterPromotion = new AtomicLong();
                AtomicLong promotedAt = new AtomicLong(Long.MAX_VALUE);
                List<Throwable> failures = new CopyOnWriteArrayList<>();
                List<Future<?>> loops = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    loops.add(pool.submit(() -> {
                        while (!stop.get()) {
                            try {
                                db.resilience().inTransaction(c -> insert(c, "load " + UUID.randomUUID()));
                                if (System.nanoTime() > promotedAt.get()) {
                                    afterPromotion.incrementAndGet();
                                }
                            } catch (Exception e) {
                                failures.add(e);
                            }
                        }
                        return null;
                    }));
                }
                try {
                    await("load is running", BOUND, () -> db.stats().used() > 0);
                    old.server().crash();
                    set.promote(standby);
                    promotedAt.set(System.nanoTime());
                    await("writes resume on the new primary", Duration.ofSeconds(10),
                            () -> afterPromotion.get() >= writers);
                } finally {
                    stop.set(true);
                    for (Future<?> f : loops) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                    pool.shutdownNow();
                }
                assertThat(failures).noneMatch(e -> e instanceof dev.ballast.resilience.CircuitOpenException);
                assertThat(db.resilience().circuitState()).isEqualTo(dev.ballast.resilience.CircuitState.CLOSED);
            }
        }
    }

    @Test
    void writesWaitForThePromotionRatherThanFailWhileAStandbyCanTakeOver() throws Exception {
        try (ReplicaSet set = launch()) {
            ReplicaNode old = set.primary();
            ReplicaNode standby = set.standbys().get(0);
            try (Ballast db = Servers.start(Servers.options(set).retryCount(0).build())) {
                await("writes work", BOUND, () -> db.resilience().inTransaction(c -> insert(c, "before")) > 0);
                old.server().crash();
                await("the monitor saw the primary go", BOUND, () -> {
                    try (Connection c = db.readDataSource().getConnection()) {
                        return nodeOf(set, serverPort(c)) == standby;
                    }
                });
                ExecutorService writer = Executors.newSingleThreadExecutor();
                try {
                    // No retries: this one write must wait for the new primary instead of failing at once.
                    Future<ReplicaNode> write = writer.submit(() -> db.resilience().inTransaction(c -> {
                        insert(c, "during");
                        return nodeOf(set, serverPort(c));
                    }));
                    set.promote(standby);
                    assertThat(write.get(10, TimeUnit.SECONDS)).isSameAs(standby);
                } finally {
                    writer.shutdownNow();
                }
            }
        }
    }

    @Test
    void aCommitLostInTheFailoverIsNeverReplayedBlindlyOntoTheNewPrimary() throws Exception {
        try (ReplicaSet set = launch()) {
            ReplicaNode old = set.primary();
            ReplicaNode standby = set.standbys().get(0);
            // A deferred trigger makes this row's COMMIT take seconds, so the primary can crash during COMMIT.
            Servers.execute(old, "create function slow_commit() returns trigger language plpgsql as $$"
                    + " begin if new.body = 'lost' then perform pg_sleep(5); end if; return null; end $$");
            Servers.execute(old, "create constraint trigger slow_commit after insert on notes deferrable initially"
                    + " deferred for each row execute function slow_commit()");
            set.awaitAllReplayed(BOUND);
            ExecutorService chaos = Executors.newSingleThreadExecutor();
            try (Ballast db = Servers.start(Servers.options(set).retryCount(5).build())) {
                await("writes work", BOUND, () -> db.resilience().inTransaction(c -> insert(c, "before")) > 0);
                Future<?> failover = chaos.submit(() -> {
                    await("COMMIT is running its trigger", BOUND, () -> sleepingBackends(old) > 0);
                    // Another transaction's commit flushes the WAL, the insert's included: the standby learns the
                    // transaction id, and after the promotion reports that transaction as aborted (it never
                    // committed there), which is no evidence about the crashed primary.
                    Servers.execute(old, "create table flush_marker(i int)");
                    set.awaitAllReplayed(BOUND);
                    old.server().crash();
                    set.promote(standby);
                    return null;
                });
                AtomicLong attempts = new AtomicLong();
                assertThatThrownBy(() -> db.resilience().inTransaction(c -> {
                    attempts.incrementAndGet();
                    return insert(c, "lost");
                })).isInstanceOf(CommitOutcomeUnknownException.class);
                failover.get(60, TimeUnit.SECONDS);
                assertThat(attempts.get()).as("attempts of the work").isEqualTo(1);
                try (Connection c = standby.connect(); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("select count(*) from notes where body = 'lost'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("rows written blindly on the new primary").isZero();
                }
            } finally {
                chaos.shutdownNow();
            }
        }
    }

    private static long sleepingBackends(ReplicaNode node) throws java.sql.SQLException {
        try (Connection c = node.server().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where wait_event = 'PgSleep'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
