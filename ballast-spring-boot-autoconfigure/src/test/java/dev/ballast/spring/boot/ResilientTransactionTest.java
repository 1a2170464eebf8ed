package dev.ballast.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.resilience.CommitOutcomeUnknownException;
import dev.ballast.spring.boot.transaction.BallastTransactionManager;
import dev.ballast.spring.boot.transaction.ResilientTransaction;
import dev.ballast.testkit.FaultProxy;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link ResilientTransaction}: a Spring service method whose whole transaction is replayed on a real transient
 * failure, and whose lost COMMIT is verified on the server rather than replayed blindly.
 */
@WithPostgres
class ResilientTransactionTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void tables(PostgresServer pg) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("drop table if exists spring_counter, spring_log, spring_lost_commit");
            s.execute("drop sequence if exists spring_lost_commit_aborts");
            s.execute("create table spring_counter (id int primary key, value int not null)");
            s.execute("insert into spring_counter values (1, 0)");
            s.execute("create table spring_log (note text not null, xid text not null)");
            // A lost COMMIT answer: a deferred trigger keeps COMMIT busy on the server while the client is cut off.
            s.execute("create table spring_lost_commit (id int primary key, mode text not null)");
            s.execute("create sequence spring_lost_commit_aborts");
            s.execute("create or replace function spring_slow_commit() returns trigger language plpgsql as $$ begin"
                    + " if new.mode = 'commits' then perform pg_sleep(2);"
                    + " elsif new.mode = 'aborts' and nextval('spring_lost_commit_aborts') = 1 then"
                    + "   perform pg_sleep(2); raise exception 'aborted at commit';"
                    + " end if; return new; end $$");
            s.execute("create constraint trigger spring_slow_commit after insert on spring_lost_commit"
                    + " deferrable initially deferred for each row execute function spring_slow_commit()");
        }
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /** The service under test: each call counts its attempts (bodies), each attempt records its transaction id. */
    static class Counter {
        final JdbcTemplate jdbc;
        final AtomicInteger bodies = new AtomicInteger();

        Counter(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        /** @return how many times a method body ran (through the proxy, which has no state of its own) */
        public int bodies() {
            return bodies.get();
        }

        @ResilientTransaction(isolation = Isolation.SERIALIZABLE)
        public int increment(String note, AtomicInteger attemptsOfThisCall, CyclicBarrier bothRead) throws Exception {
            bodies.incrementAndGet();
            int value = jdbc.queryForObject("select value from spring_counter where id = 1", Integer.class);
            String xid = jdbc.queryForObject("select pg_current_xact_id()::text", String.class);
            jdbc.update("insert into spring_log values (?, ?)", note, xid);
            if (attemptsOfThisCall.incrementAndGet() == 1) {
                bothRead.await(30, TimeUnit.SECONDS); // both transactions have read 0: one of them must fail
            }
            jdbc.update("update spring_counter set value = ? where id = 1", value + 1);
            return value + 1;
        }

        @ResilientTransaction
        public void write(int id, String mode) {
            bodies.incrementAndGet();
            jdbc.update("insert into spring_lost_commit values (?, ?)", id, mode);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Service {
        @Bean
        Counter counter(JdbcTemplate jdbc) {
            return new Counter(jdbc);
        }
    }

    private static ApplicationContextRunner runner(String url, String applicationName) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BallastAutoConfiguration.class,
                        BallastTransactionAutoConfiguration.class, DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class))
                .withUserConfiguration(Service.class)
                .withPropertyValues("spring.datasource.url=" + url + "?user=" + PostgresServer.USERNAME,
                        "spring.datasource.ballast.retry-delay-seconds=0.01",
                        "spring.datasource.ballast.application-name=" + applicationName);
    }

    @Test
    void aRealSerializationFailureReplaysTheWholeMethodAndItsEffectsAppearOnce(PostgresServer pg) {
        runner(pg.jdbcUrl(), "spring-serializable").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PlatformTransactionManager.class)).isInstanceOf(BallastTransactionManager.class);
            Counter counter = context.getBean(Counter.class);
            CyclicBarrier bothRead = new CyclicBarrier(2);
            Future<Integer> a = threads.submit(() -> counter.increment("a", new AtomicInteger(), bothRead));
            Future<Integer> b = threads.submit(() -> counter.increment("b", new AtomicInteger(), bothRead));

            assertThat(List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder(1, 2);
            assertThat(counter.bodies()).as("two calls, one replayed whole").isEqualTo(3);
            JdbcTemplate jdbc = new JdbcTemplate(pg.dataSource());
            assertThat(jdbc.queryForObject("select value from spring_counter where id = 1", Integer.class))
                    .as("no lost update").isEqualTo(2);
            assertThat(jdbc.queryForList("select note from spring_log order by note", String.class))
                    .as("the failed attempt's insert was rolled back with it").containsExactly("a", "b");
            assertThat(jdbc.queryForList("select xid from spring_log", String.class))
                    .as("each attempt its own transaction").doesNotHaveDuplicates();
        });
    }

    @Test
    void aLostCommitAnswerThatCommittedIsVerifiedNotReplayed(PostgresServer pg) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(pg)) {
            String name = "spring-lost-commit-ok";
            runner(proxy.jdbcUrl("postgres"), name).run(context -> {
                assertThat(context).hasNotFailed();
                Counter counter = context.getBean(Counter.class);
                Future<Boolean> cut = threads.submit(() -> cutDuringCommit(pg, proxy, name));
                counter.write(1, "commits");
                assertThat(cut.get(60, TimeUnit.SECONDS)).as("cut while COMMIT ran").isTrue();
                assertThat(counter.bodies()).as("verified committed: not replayed").isEqualTo(1);
                assertThat(count(pg, "select count(*) from spring_lost_commit where id = 1")).isEqualTo(1);
            });
        }
    }

    @Test
    void aLostCommitAnswerThatAbortedIsVerifiedAndReplayedWhole(PostgresServer pg) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(pg)) {
            String name = "spring-lost-commit-aborted";
            runner(proxy.jdbcUrl("postgres"), name).run(context -> {
                assertThat(context).hasNotFailed();
                Counter counter = context.getBean(Counter.class);
                Future<Boolean> cut = threads.submit(() -> cutDuringCommit(pg, proxy, name));
                counter.write(2, "aborts");
                assertThat(cut.get(60, TimeUnit.SECONDS)).as("cut while COMMIT ran").isTrue();
                assertThat(counter.bodies()).as("verified aborted: replayed once").isEqualTo(2);
                assertThat(count(pg, "select count(*) from spring_lost_commit where id = 2")).isEqualTo(1);
            });
        }
    }

    @Test
    void aCommitLostWithItsConnectionIsReportedAsTheCommitsFailureNotOverriddenByARollbackThatCannotRun(
            PostgresServer pg) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(pg)) {
            String name = "spring-lost-commit-rollback";
            runner(proxy.jdbcUrl("postgres"), name).run(context -> {
                assertThat(context).hasNotFailed();
                TransactionTemplate plain = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
                JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                Future<Boolean> cut = threads.submit(() -> cutDuringCommit(pg, proxy, name));
                // No replay here: the commit's own failure must reach the caller. Spring rolls back after a failed
                // commit; on a connection that is gone that rollback cannot run, and must not replace the failure.
                assertThatThrownBy(() -> plain.executeWithoutResult(
                        status -> jdbc.update("insert into spring_lost_commit values (4, 'aborts')")))
                        .isInstanceOf(DataAccessException.class)
                        .isNotInstanceOf(TransactionSystemException.class)
                        .hasMessageContaining("JDBC commit");
                assertThat(cut.get(60, TimeUnit.SECONDS)).as("cut while COMMIT ran").isTrue();
                assertThat(count(pg, "select count(*) from spring_lost_commit where id = 4")).isZero();
            });
        }
    }

    @Test
    void aLostCommitWhoseOutcomeCannotBeLearntIsReportedAndNeverReplayed(PostgresServer pg) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(pg)) {
            String name = "spring-lost-commit-unknown";
            runner(proxy.jdbcUrl("postgres"), name)
                    .withPropertyValues("spring.datasource.ballast.connection-timeout-seconds=1")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        Counter counter = context.getBean(Counter.class);
                        // nor can the verification reach the server: refused before the cut, so no new connection
                        Future<Boolean> cut = threads.submit(() -> cutDuringCommit(pg, proxy, name, proxy::refuse));
                        assertThatThrownBy(() -> counter.write(3, "commits"))
                                .isInstanceOf(TransactionSystemException.class)
                                .hasCauseInstanceOf(CommitOutcomeUnknownException.class)
                                .hasMessageContaining("whether it committed is unknown");
                        assertThat(cut.get(60, TimeUnit.SECONDS)).as("cut while COMMIT ran").isTrue();
                        assertThat(counter.bodies()).as("unknown: never replayed").isEqualTo(1);
                        proxy.heal();
                        // It did commit on the server: a blind replay would have written it twice.
                        StarterApplicationTest.awaitUntil(() -> countQuietly(pg) == 1, "the server's commit");
                    });
        }
    }

    private static long countQuietly(PostgresServer pg) {
        try {
            return count(pg, "select count(*) from spring_lost_commit where id = 3");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTransactionAdvisorOrderedOutsideTheReplayFailsTheStart(PostgresServer pg) {
        runner(pg.jdbcUrl(), "spring-order").withUserConfiguration(TransactionsOutside.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("outside @ResilientTransaction")
                    .hasStackTraceContaining("@EnableTransactionManagement");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement(order = Ordered.LOWEST_PRECEDENCE - 1000)
    static class TransactionsOutside {}

    /** Waits (bounded) until a COMMIT of the application runs on the server, then resets every proxied connection. */
    private static boolean cutDuringCommit(PostgresServer pg, FaultProxy proxy, String applicationName)
            throws SQLException {
        return cutDuringCommit(pg, proxy, applicationName, () -> {});
    }

    /** As above, running {@code beforeCut} just before the cut. */
    private static boolean cutDuringCommit(PostgresServer pg, FaultProxy proxy, String applicationName,
            Runnable beforeCut) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement("select count(*) from"
                + " pg_stat_activity where application_name = ? and state = 'active' and query = 'COMMIT'")) {
            ps.setString(1, applicationName);
            while (System.nanoTime() - deadline < 0) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        beforeCut.run();
                        proxy.cut();
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static long count(PostgresServer pg, String sql) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
