package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.event.BallastListener;
import dev.ballast.event.PoolTuning;
import dev.ballast.testing.Await;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * EnablePoolAutoTuning must never make an application wait for a connection that MaxPoolSize would have given it
 * because the limit is below what the application holds at once. The limit binds by design when borrowers queue
 * behind busy connections that keep coming back; when borrowers wait at the limit and no connection comes back at
 * all (the application holds them all and needs more before it can return any), tuning is starving it, and the
 * limit must rise at once, not after a borrow timeout. Real PostgreSQL, MaxPoolSize 20, MinPoolSize 2:
 * the limit starts at their midpoint, 11.
 */
@WithPostgres
class TunedPoolDemandTest {

    private static final int MIN = 2;
    private static final int MAX = 20;
    /** Where the limit starts: the midpoint of MinPoolSize and MaxPoolSize. */
    private static final int START = MIN + (MAX - MIN) / 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void anApplicationHoldingMoreConnectionsAtOnceThanTheLimitGetsThemWellBeforeTheBorrowTimeout(PostgresServer pg)
            throws Exception {
        int threads = 16; // above the starting limit of 11, below MaxPoolSize 20
        List<PoolTuning> decisions = new CopyOnWriteArrayList<>();
        CyclicBarrier allHolding = new CyclicBarrier(threads);
        try (BallastPool ballast = start(pg, "tuned-hold-many", decisions)) {
            long started = System.nanoTime();
            List<Integer> results = onThreads(threads, () -> {
                try (Connection c = ballast.getConnection()) {
                    // every thread holds its connection until all of them hold one: a batch fanning out, a test
                    // fixture, a parallel stream over connections
                    allHolding.await(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
                    return selectOne(c);
                }
            });
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(results).hasSize(threads).containsOnly(1);
            assertThat(took).as("all %d connections held at once, well under the %s borrow timeout", threads, TIMEOUT)
                    .isLessThan(TIMEOUT.dividedBy(4));
            assertThat(decisions).as("the limit rose to MaxPoolSize because nothing came back")
                    .anyMatch(d -> d.reason() == PoolTuning.Reason.STALLED && d.limit() == MAX);
            assertThat(ballast.stats().total()).isLessThanOrEqualTo(MAX);
            assertThat(PgPools.backends(pg, "tuned-hold-many")).isLessThanOrEqualTo(MAX);
        }
    }

    @Test
    void threadsHoldingAConnectionWhileTheyBorrowASecondDoNotDeadlockAtTheLimit(PostgresServer pg) throws Exception {
        // START threads each hold one connection, then each asks for a second (a nested transaction, a REQUIRES_NEW
        // method): at the limit nothing can come back. A fixed pool of 20 serves nine of them at once and the rest
        // after those finish.
        List<PoolTuning> decisions = new CopyOnWriteArrayList<>();
        CyclicBarrier allHoldingOne = new CyclicBarrier(START);
        try (BallastPool ballast = start(pg, "tuned-nested", decisions)) {
            long started = System.nanoTime();
            List<Integer> results = onThreads(START, () -> {
                try (Connection outer = ballast.getConnection()) {
                    allHoldingOne.await(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
                    try (Connection inner = ballast.getConnection()) {
                        return selectOne(outer) + selectOne(inner);
                    }
                }
            });
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(results).hasSize(START).containsOnly(2);
            assertThat(took).as("%d nested borrows, well under the %s borrow timeout", START, TIMEOUT)
                    .isLessThan(TIMEOUT.dividedBy(4));
            assertThat(decisions).anyMatch(d -> d.reason() == PoolTuning.Reason.STALLED);
            assertThat(PgPools.backends(pg, "tuned-nested")).isLessThanOrEqualTo(MAX);
        }
    }

    @Test
    void oneThreadTakingConnectionsOneAtATimeWhileHoldingThemWaitsForOneStallAtMost(PostgresServer pg)
            throws Exception {
        List<PoolTuning> decisions = new CopyOnWriteArrayList<>();
        List<Connection> held = new ArrayList<>();
        try (BallastPool ballast = start(pg, "tuned-one-by-one", decisions)) {
            long started = System.nanoTime();
            try {
                for (int i = 0; i < MAX; i++) {
                    held.add(ballast.getConnection());
                }
                for (Connection c : held) {
                    assertThat(selectOne(c)).isEqualTo(1);
                }
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(decisions.stream().filter(d -> d.reason() == PoolTuning.Reason.STALLED))
                    .as("one stall takes the limit to MaxPoolSize; a rise to what is wanted now would stall at each "
                            + "connection past the limit")
                    .hasSize(1);
            assertThat(took).isLessThan(TIMEOUT.dividedBy(4));
            assertThat(held).hasSize(MAX);
        }
    }

    @Test
    void aServerThatAnswersNothingForLongerThanTheStallTimeGetsTheLimitBackInOneMove(PostgresServer pg)
            throws Exception {
        // 16 threads run short queries through a limit of about 11: borrowers queue, connections keep coming back.
        // Then the server stops answering them (a lock held from outside the pool) for longer than the stall time:
        // every borrowed connection is busy in the server, nothing comes back, and the stall rule cannot tell this
        // from borrowers holding connections idle, so the limit goes to MaxPoolSize. Once the server answers again,
        // the extra connections are shown to buy nothing, and the limit must go back where it was in one move, not
        // walk down from MaxPoolSize a step at a time over seconds of windows.
        try (Connection admin = pg.connect(); Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS tuned_server_stall (id int PRIMARY KEY, n int)");
            s.execute("INSERT INTO tuned_server_stall VALUES (1, 1) ON CONFLICT DO NOTHING");
        }
        int threads = 16;
        List<PoolTuning> decisions = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        try (BallastPool ballast = start(pg, "tuned-server-stall", decisions)) {
            List<Future<Integer>> loops = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                loops.add(clients.submit(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        try (Connection c = ballast.getConnection(); Statement q = c.createStatement();
                                ResultSet rs = q.executeQuery("SELECT n FROM tuned_server_stall WHERE id = 1")) {
                            rs.next();
                            n += rs.getInt(1);
                        }
                    }
                    return n;
                }));
            }
            Await.until(Duration.ofSeconds(10), () -> decisions.stream().filter(PoolTuning::saturated).count() >= 5,
                    "five measured windows with borrowers queued at the limit");

            PoolTuning stalled;
            try (Connection locker = pg.connect(); Statement s = locker.createStatement()) {
                locker.setAutoCommit(false);
                s.execute("LOCK TABLE tuned_server_stall IN ACCESS EXCLUSIVE MODE");
                Await.until(Duration.ofSeconds(10), () -> !stalls(decisions).isEmpty(), "a stall");
                stalled = decisions.get(stalls(decisions).get(0));
                Await.until(Duration.ofSeconds(10), () -> ballast.stats().used() == threads,
                        () -> "every client's query blocked in the server: " + ballast.stats());
                locker.commit();
            }
            int before = stalled.previousLimit();
            assertThat(stalled.limit()).isEqualTo(MAX);
            Await.until(Duration.ofSeconds(10), () -> downAfterStall(decisions) != null,
                    () -> "the limit coming down after the stall: " + decisions);
            PoolTuning down = downAfterStall(decisions);
            assertThat(down.previousLimit()).as("the first move down after the stall: %s", decisions).isEqualTo(MAX);
            assertThat(down.limit()).as("back to where it was before the stall (%d) in one move: %s", before,
                    decisions).isLessThanOrEqualTo(before);
            assertThat(stalls(decisions)).as("one stall").hasSize(1);

            stop.set(true);
            for (Future<Integer> loop : loops) {
                assertThat(loop.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isPositive();
            }
            assertThat(PgPools.backends(pg, "tuned-server-stall")).isLessThanOrEqualTo(MAX);
        } finally {
            stop.set(true);
            clients.shutdownNow();
        }
    }

    @Test
    void anApplicationThatStallsAgainWhereTheLimitWentBackKeepsMaxPoolSize(PostgresServer pg) throws Exception {
        // START threads, over and over: each holds one connection until all of them do, then borrows a second. At a
        // limit of START or less every round stalls; at MaxPoolSize none does. The first stall is tested: once
        // connections have come back for a window the limit goes back where it was, the next round stalls there
        // again, and that second stall is believed: the limit stays above START from then on.
        List<PoolTuning> decisions = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        CyclicBarrier allHoldingOne = new CyclicBarrier(START, () -> {
            List<Integer> stalls = stalls(decisions);
            boolean measuredAfterSecond = stalls.size() >= 2 && decisions.size() - stalls.get(1) > 10; // ten windows
            stop.set(measuredAfterSecond || System.nanoTime() - deadline > 0);
        });
        try (BallastPool ballast = start(pg, "tuned-stalls-again", decisions)) {
            List<Integer> rounds = onThreads(START, () -> {
                int n = 0;
                while (true) {
                    try (Connection outer = ballast.getConnection()) {
                        allHoldingOne.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                        if (stop.get()) {
                            return n;
                        }
                        try (Connection inner = ballast.getConnection()) {
                            n += selectOne(outer) * selectOne(inner);
                        }
                    }
                }
            });
            assertThat(rounds).as("every thread ran the same rounds").hasSize(START).containsOnly(rounds.get(0));
            List<Integer> stalls = stalls(decisions);
            assertThat(stalls).as("the first stall and the one where the limit went back: %s", decisions).hasSize(2);
            assertThat(decisions.subList(stalls.get(0), stalls.get(1))).as("the first stall tested: %s", decisions)
                    .anyMatch(d -> d.reason() == PoolTuning.Reason.STALL_ENDED && d.limit() <= START);
            List<PoolTuning> after = decisions.subList(stalls.get(1), decisions.size());
            assertThat(after).as("the second stall believed: %s", decisions).hasSizeGreaterThan(10)
                    .noneMatch(d -> d.reason() == PoolTuning.Reason.STALL_ENDED).allMatch(d -> d.limit() > START);
            assertThat(ballast.stats().timeouts()).isZero();
            assertThat(PgPools.backends(pg, "tuned-stalls-again")).isLessThanOrEqualTo(MAX);
        }
    }

    /** @return the positions of the stall decisions in {@code decisions} (records of two stalls can be equal) */
    private static List<Integer> stalls(List<PoolTuning> decisions) {
        return IntStream.range(0, decisions.size())
                .filter(i -> decisions.get(i).reason() == PoolTuning.Reason.STALLED).boxed().toList();
    }

    /** @return the first decision after the first stall that lowered the limit, or {@code null} */
    private static PoolTuning downAfterStall(List<PoolTuning> decisions) {
        List<Integer> stalls = stalls(decisions);
        return stalls.isEmpty() ? null : decisions.subList(stalls.get(0), decisions.size()).stream()
                .filter(d -> d.limit() < d.previousLimit()).findFirst().orElse(null);
    }

    @Test
    void aFixedSizePoolHasNothingToTuneAndReportsNoDecisions(PostgresServer pg) throws Exception {
        List<PoolTuning> decisions = new CopyOnWriteArrayList<>();
        int threads = 8;
        try (BallastPool ballast = BallastPool.start(config(pg, "tuned-fixed").minPoolSize(4).maxPoolSize(4)
                .connectionTimeout(TIMEOUT).enablePoolAutoTuning(true).build(), recorder(decisions))) {
            // eight borrowers on four connections for a second: with tuning running, five windows of 200 ms or more,
            // all with borrowers queued, would each publish a decision
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            List<Integer> results = onThreads(threads, () -> {
                int n = 0;
                while (System.nanoTime() - until < 0) {
                    try (Connection c = ballast.getConnection()) {
                        n += selectOne(c);
                    }
                }
                return n;
            });
            int borrows = results.stream().mapToInt(Integer::intValue).sum();
            assertThat(borrows).as("enough returns for several windows").isGreaterThan(100);
            assertThat(decisions).as("MinPoolSize = MaxPoolSize: the size is fixed, so no tuning runs").isEmpty();
        }
    }

    /**
     * Runs {@code task} once on each of {@code threads} threads and returns what each returned; a task still running
     * after three borrow timeouts fails the test.
     */
    private static List<Integer> onThreads(int threads, Callable<Integer> task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(executor.submit(task));
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : futures) {
                results.add(f.get(TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }

    private static BallastPool start(PostgresServer pg, String name, List<PoolTuning> decisions) {
        return BallastPool.start(config(pg, name).minPoolSize(MIN).maxPoolSize(MAX).connectionTimeout(TIMEOUT)
                .enablePoolAutoTuning(true).build(), recorder(decisions));
    }

    private static BallastListener recorder(List<PoolTuning> decisions) {
        return new BallastListener() {
            @Override
            public void poolLimitTuned(PoolTuning tuning) {
                decisions.add(tuning);
            }
        };
    }

    private static int selectOne(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
