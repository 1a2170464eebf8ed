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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ballast through a real PgBouncer in transaction mode: server sessions change under every pooled connection. */
@WithPostgres
class TransactionModeBouncerTest {

    private static final int CLIENTS = 8;
    private static final int ROUNDS = 40;

    @BeforeAll
    static void requirePgBouncer(PostgresServer pg) throws SQLException {
        assumeTrue(PgBouncer.isInstalled(), PgBouncer.NOT_INSTALLED);
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bounced (id bigserial PRIMARY KEY, client int, round int)");
        }
    }

    static DatabaseOptions.Builder options(PgBouncer bouncer) {
        return DatabaseOptions.builder().url(bouncer.jdbcUrl()).username(bouncer.username())
                .password(bouncer.password()).minPoolSize(0).maxPoolSize(CLIENTS)
                .connectionTimeout(Duration.ofSeconds(20)).retryDelay(Duration.ofMillis(50))
                .maxRetryDelay(Duration.ofMillis(200));
    }

    static PgBouncer bouncer(PostgresServer pg) {
        // fewer server connections than clients: consecutive transactions of one client meet different backends
        return PgBouncer.builder(pg).poolMode(PgBouncer.PoolMode.TRANSACTION).setting("default_pool_size", "3")
                .build();
    }

    /** One client's round: a prepared statement used past the prepare threshold, a write and a read-only read. */
    static void round(Ballast db, int client, int round) throws SQLException {
        if (db.options().pgBouncerPoolMode() == PgBouncerPoolMode.TRANSACTION) {
            try (Connection c = db.dataSource().getConnection()) {
                usePrepared(c);
            }
        } else {
            db.resilience().withConnection(c -> usePrepared(c));
        }
        db.resilience().inTransaction(c -> {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bounced (client, round) VALUES (?, ?)")) {
                ins.setInt(1, client);
                ins.setInt(2, round);
                return ins.executeUpdate();
            }
        });
        long seen = db.resilience().readOnlyTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM bounced WHERE client = ?")) {
                q.setInt(1, client);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertThat(seen).isGreaterThan(round);
    }

    static int usePrepared(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
            for (int i = 0; i < 6; i++) { // past the prepare threshold (AutoPrepareMinUsages, 2)
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(i + 1);
                }
            }
        }
        return 6;
    }

    static List<Throwable> runClients(Ballast db) throws Exception {
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                done.add(pool.submit(() -> {
                    for (int r = 0; r < ROUNDS; r++) {
                        try {
                            round(db, id, r);
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return List.copyOf(errors);
    }

    @Test
    void withTheTransactionHintConcurrentClientsSeeNoErrors(PostgresServer pg) throws Exception {
        try (PgBouncer bouncer = bouncer(pg);
                Ballast db = Ballast.start(options(bouncer).pgBouncerPoolMode(PgBouncerPoolMode.TRANSACTION)
                        .build())) {
            truncate(pg);
            List<Throwable> errors = runClients(db);
            assertThat(errors).as("errors seen by callers").isEmpty();
            assertThat(rows(pg)).isEqualTo((long) CLIENTS * ROUNDS);
        }
    }

    @Test
    void withoutTheHintCallersThroughResilienceSeeNoErrorsAndThePoolSwitchesToUnnamedStatements(PostgresServer pg)
            throws Exception {
        try (PgBouncer bouncer = bouncer(pg); Ballast db = Ballast.start(options(bouncer).build())) {
            truncate(pg);
            List<Throwable> errors = runClients(db);
            assertThat(errors).as("errors seen by callers").isEmpty();
            assertThat(rows(pg)).as("each acknowledged insert stored once").isEqualTo((long) CLIENTS * ROUNDS);
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(c.unwrap(org.postgresql.PGConnection.class).getPrepareThreshold())
                        .as("connections opened after the symptom prepare nothing by name").isZero();
            }
        }
    }

    @Test
    void withoutTheHintNamedStatementsBreakOnATransactionModeBouncer(PostgresServer pg) throws Exception {
        // the failure the hint prevents, pinned on the real bouncer: plain pgjdbc, default prepareThreshold
        try (PgBouncer bouncer = bouncer(pg)) {
            AtomicInteger failures = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> done = new java.util.ArrayList<>();
                for (int client = 0; client < CLIENTS; client++) {
                    done.add(pool.submit(() -> {
                        try (Connection c = bouncer.connect();
                                PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
                            for (int i = 0; i < 50; i++) {
                                ps.setInt(1, i);
                                try (ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                } catch (SQLException e) {
                                    assertThat(e.getSQLState()).isIn("26000", "42P05", "08P01");
                                    failures.incrementAndGet();
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(failures.get()).as("named-statement failures through the bouncer").isPositive();
        }
    }

    static void truncate(PostgresServer pg) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE bounced");
        }
    }

    static long rows(PostgresServer pg) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM bounced")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
