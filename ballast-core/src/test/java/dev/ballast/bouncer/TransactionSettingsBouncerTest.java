package dev.ballast.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.testkit.PgBouncer;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A borrower behind a transaction-mode PgBouncer keeps one pooled connection over several transactions, with
 * autoCommit off throughout: each transaction may run on another server session, yet each must get the isolation level
 * and read-only flag the borrower set, and no other client may see them.
 */
@WithPostgres
class TransactionSettingsBouncerTest {

    private static final int BALLAST_CLIENTS = 4;
    private static final int OTHER_CLIENTS = 3;
    private static final int TRANSACTIONS = 15;

    @BeforeAll
    static void requirePgBouncer() {
        assumeTrue(PgBouncer.isInstalled(), PgBouncer.NOT_INSTALLED);
    }

    static Ballast ballast(PgBouncer bouncer) {
        return Ballast.start(DatabaseOptions.builder().url(bouncer.jdbcUrl()).username(bouncer.username())
                .password(bouncer.password()).pgBouncerPoolMode(PgBouncerPoolMode.TRANSACTION).minPoolSize(0)
                .maxPoolSize(BALLAST_CLIENTS).connectionTimeout(Duration.ofSeconds(20)).build());
    }

    static String[] settings(Connection c, boolean prepared) throws SQLException {
        String sql = "SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only')";
        try (Statement s = prepared ? c.prepareStatement(sql) : c.createStatement();
                ResultSet rs = prepared ? ((PreparedStatement) s).executeQuery() : s.executeQuery(sql)) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    @Test
    void anIsolationLevelAndReadOnlyHoldForEveryTransactionOfOneBorrowedConnection(PostgresServer pg)
            throws Exception {
        // two server connections for seven clients: consecutive transactions meet different server sessions
        try (PgBouncer bouncer = PgBouncer.builder(pg).setting("default_pool_size", "2").build();
                Ballast db = ballast(bouncer)) {
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Void>> clients = new ArrayList<>();
            for (int i = 0; i < BALLAST_CLIENTS; i++) {
                int id = i;
                clients.add(() -> {
                    boolean readOnly = id >= 2;
                    int level = id % 2 == 0 ? Connection.TRANSACTION_SERIALIZABLE
                            : Connection.TRANSACTION_REPEATABLE_READ;
                    String expected = id % 2 == 0 ? "serializable" : "repeatable read";
                    try (Connection c = db.dataSource().getConnection()) {
                        c.setReadOnly(readOnly);
                        c.setTransactionIsolation(level);
                        c.setAutoCommit(false);
                        start.await();
                        for (int t = 0; t < TRANSACTIONS; t++) {
                            if (c.getTransactionIsolation() != level) {
                                wrong.add("ballast client " + id + " transaction " + t
                                        + ": getTransactionIsolation() " + c.getTransactionIsolation());
                            }
                            String[] seen = settings(c, t % 2 == 1);
                            if (!seen[0].equals(expected) || !seen[1].equals(readOnly ? "on" : "off")) {
                                wrong.add("ballast client " + id + " transaction " + t + ": " + seen[0] + ", "
                                        + "read only " + seen[1]);
                            }
                            if (t % 5 == 4) {
                                c.rollback();
                            } else {
                                c.commit();
                            }
                        }
                    }
                    return null;
                });
            }
            for (int i = 0; i < OTHER_CLIENTS; i++) {
                int id = i;
                clients.add(() -> {
                    try (Connection other = DriverManager.getConnection(bouncer.jdbcUrl() + "?prepareThreshold=0",
                            bouncer.username(), bouncer.password())) {
                        start.await();
                        for (int t = 0; t < TRANSACTIONS; t++) {
                            other.setAutoCommit(t % 2 == 0);
                            String[] seen = settings(other, false);
                            if (!seen[0].equals("read committed") || !seen[1].equals("off")) {
                                wrong.add("other client " + id + " transaction " + t + " got a leaked setting: "
                                        + seen[0] + ", read only " + seen[1]);
                            }
                            if (!other.getAutoCommit()) {
                                other.commit();
                            }
                        }
                    }
                    return null;
                });
            }
            ExecutorService threads = Executors.newFixedThreadPool(clients.size());
            try {
                List<Future<Void>> done = new ArrayList<>();
                for (Callable<Void> client : clients) {
                    done.add(threads.submit(client));
                }
                start.countDown();
                for (Future<Void> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(wrong).as("transactions that ran with the wrong settings").isEmpty();
        }
    }
}
