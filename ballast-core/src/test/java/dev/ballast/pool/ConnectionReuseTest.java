package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which idle connection a borrower gets, told apart by server session. */
@WithPostgres
class ConnectionReuseTest {

    /**
     * A thread that borrows again gets the connection it returned last while that one is idle, so that a thread looping
     * over borrow and return keeps one server session. Each of three connections in turn is returned last; a pool that
     * picked by where the thread's scan starts would hand back the same one every time.
     */
    @Test
    void aThreadGetsBackTheServerSessionItReturnedLastWhileThatOneIsIdle(PostgresServer pg) throws Exception {
        try (BallastPool pool = BallastPool.start(config(pg, "reuse").minPoolSize(3).maxPoolSize(3).build())) {
            for (int last = 0; last < 3; last++) {
                List<Connection> held = new ArrayList<>();
                List<Integer> pids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Connection c = pool.getConnection();
                    held.add(c);
                    pids.add(backendPid(c));
                }
                assertThat(pids).as("three sessions").doesNotHaveDuplicates();
                for (int i = 0; i < 3; i++) {
                    if (i != last) {
                        held.get(i).close();
                    }
                }
                held.get(last).close();
                try (Connection again = pool.getConnection()) {
                    assertThat(backendPid(again)).as("the session returned last (round %d)", last)
                            .isEqualTo(pids.get(last));
                }
            }
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
