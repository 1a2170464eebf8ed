package dev.ballast.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.ReplicaSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The runnable example of docs/replicas.md, run as written (printing replaced by assertions). */
class ReplicasDocExampleTest {

    @Test
    void theExampleInTheDocsRuns() throws Exception {
        try (ReplicaSet set = ReplicaSet.launch(2);
             Ballast db = Ballast.start(DatabaseOptions.builder()
                     .url(set.jdbcUrl()).username(PostgresServer.USERNAME)
                     .maxReplicaLag(Duration.ofSeconds(2)).readYourWrites(true).build())) {
            db.resilience().execute(() -> {
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("create table if not exists notes(id bigserial primary key, body text)");
                }
            });
            long id = db.resilience().inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("insert into notes(body) values ('hello') returning id");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            String where = db.resilience().readOnlyTransaction(c -> {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select pg_is_in_recovery(), (select body from notes where id = " + id + ")")) {
                    rs.next();
                    return (rs.getBoolean(1) ? "standby" : "primary") + ": " + rs.getString(2);
                }
            });
            // Right after start the standbys' lag may not be known yet, so the first read may be on the primary.
            assertThat(where).isIn("standby: hello", "primary: hello");
            set.primary().server().crash();
            set.failover(set.standbys().get(0));
            db.resilience().inTransaction(c -> null);
            assertThat((String) db.healthCheck().check().data().get("hosts")).contains("primary").contains("down");
        }
    }
}
