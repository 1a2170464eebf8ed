package dev.ballast.benchmarks.scenario;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * pgbench's TPC-B-like schema and transaction ({@code pgbench -i -s SCALE}, then its built-in "tpcb-like" script):
 * {@code SCALE} branches, 10 tellers and 100,000 accounts per branch, and a history table. The transaction moves a
 * random delta through one random account, teller and branch, reads the account's balance, and appends a history row.
 */
final class TpcbSchema {

    static final int TELLERS_PER_BRANCH = 10;
    static final int ACCOUNTS_PER_BRANCH = 100_000;

    private static final String UPDATE_ACCOUNT =
            "UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?";
    private static final String SELECT_ACCOUNT = "SELECT abalance FROM pgbench_accounts WHERE aid = ?";
    private static final String UPDATE_TELLER = "UPDATE pgbench_tellers SET tbalance = tbalance + ? WHERE tid = ?";
    private static final String UPDATE_BRANCH = "UPDATE pgbench_branches SET bbalance = bbalance + ? WHERE bid = ?";
    private static final String INSERT_HISTORY =
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)";

    private final int scale;

    TpcbSchema(int scale) {
        this.scale = scale;
    }

    /**
     * Creates and fills the tables, like {@code pgbench -i} (data first, then primary keys, then {@code VACUUM
     * ANALYZE}).
     *
     * @param connection an auto-commit connection to the database to fill
     * @throws SQLException if a statement fails
     */
    void create(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pgbench_history, pgbench_tellers, pgbench_accounts, pgbench_branches");
            s.execute("CREATE TABLE pgbench_branches (bid int NOT NULL, bbalance int, filler char(88))"
                    + " WITH (fillfactor = 100)");
            s.execute("CREATE TABLE pgbench_tellers (tid int NOT NULL, bid int, tbalance int, filler char(84))"
                    + " WITH (fillfactor = 100)");
            s.execute("CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84))"
                    + " WITH (fillfactor = 100)");
            s.execute("CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp,"
                    + " filler char(22))");
            s.execute("INSERT INTO pgbench_branches (bid, bbalance) SELECT b, 0 FROM generate_series(1, " + scale
                    + ") b");
            s.execute("INSERT INTO pgbench_tellers (tid, bid, tbalance) SELECT t, (t - 1) / " + TELLERS_PER_BRANCH
                    + " + 1, 0 FROM generate_series(1, " + scale * TELLERS_PER_BRANCH + ") t");
            s.execute("INSERT INTO pgbench_accounts (aid, bid, abalance, filler) SELECT a, (a - 1) / "
                    + ACCOUNTS_PER_BRANCH + " + 1, 0, '' FROM generate_series(1, "
                    + (long) scale * ACCOUNTS_PER_BRANCH + ") a");
            s.execute("ALTER TABLE pgbench_branches ADD PRIMARY KEY (bid)");
            s.execute("ALTER TABLE pgbench_tellers ADD PRIMARY KEY (tid)");
            s.execute("ALTER TABLE pgbench_accounts ADD PRIMARY KEY (aid)");
            s.execute("VACUUM ANALYZE");
        }
    }

    /**
     * Puts the database back into a comparable state between runs: empties the history and vacuums the small, hot
     * tables, so that a run does not inherit the previous run's bloat.
     *
     * @param connection an auto-commit connection
     * @throws SQLException if a statement fails
     */
    void reset(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("TRUNCATE pgbench_history");
            s.execute("VACUUM ANALYZE pgbench_branches, pgbench_tellers, pgbench_accounts");
        }
    }

    /**
     * Runs one TPC-B transaction on {@code connection}, committing it; on failure rolls back and rethrows.
     *
     * @param connection a borrowed connection, in auto-commit mode; left in manual-commit mode for the pool to reset
     * @return the account's new balance
     * @throws SQLException if the transaction fails
     */
    int transaction(Connection connection) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int aid = 1 + random.nextInt(scale * ACCOUNTS_PER_BRANCH);
        int tid = 1 + random.nextInt(scale * TELLERS_PER_BRANCH);
        int bid = 1 + random.nextInt(scale);
        int delta = random.nextInt(-5000, 5001);
        connection.setAutoCommit(false);
        try {
            int balance;
            try (PreparedStatement ps = connection.prepareStatement(UPDATE_ACCOUNT)) {
                ps.setInt(1, delta);
                ps.setInt(2, aid);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement(SELECT_ACCOUNT)) {
                ps.setInt(1, aid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    balance = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(UPDATE_TELLER)) {
                ps.setInt(1, delta);
                ps.setInt(2, tid);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement(UPDATE_BRANCH)) {
                ps.setInt(1, delta);
                ps.setInt(2, bid);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement(INSERT_HISTORY)) {
                ps.setInt(1, tid);
                ps.setInt(2, bid);
                ps.setInt(3, aid);
                ps.setInt(4, delta);
                ps.executeUpdate();
            }
            connection.commit();
            return balance;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
