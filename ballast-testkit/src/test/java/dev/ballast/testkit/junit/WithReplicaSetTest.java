package dev.ballast.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.testkit.ReplicaSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@WithReplicaSet(standbys = 1, synchronousStandbys = 1, settings = "work_mem=7MB")
@TestMethodOrder(MethodOrderer.MethodName.class)
class WithReplicaSetTest {

    private static ReplicaSet first;

    @Test
    void a_theClassGetsAStreamingSetWithTheAnnotatedSettings(ReplicaSet set) throws SQLException {
        first = set;
        assertThat(set.standbys()).hasSize(1);
        assertThat(set.standbys().get(0).isInRecovery()).isTrue();
        assertThat(set.primary().server().setting("synchronous_standby_names")).isEqualTo("ANY 1 (*)");
        assertThat(set.primary().server().setting("work_mem")).isEqualTo("7MB");
        try (Connection c = set.primary().server().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE shared(id int)");
        }
    }

    @Test
    void b_everyTestOfTheClassSharesTheSameSet(ReplicaSet set) throws SQLException {
        assertThat(set).isSameAs(first);
        set.awaitAllReplayed(Duration.ofSeconds(20));
        try (Connection c = set.standbys().get(0).connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'shared'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
