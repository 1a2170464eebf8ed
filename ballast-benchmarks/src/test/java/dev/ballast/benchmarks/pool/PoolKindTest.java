package dev.ballast.benchmarks.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.benchmarks.noop.NoopConnection;
import dev.ballast.benchmarks.noop.NoopDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PoolKindTest {

    @ParameterizedTest
    @EnumSource(value = PoolKind.class, mode = EnumSource.Mode.EXCLUDE, names = {"BALLAST_TUNED", "BALLAST_DEFAULT"})
    void poolFillsUpAndHandsOutEveryConnection(PoolKind kind) throws SQLException {
        ConnectionTarget target = ConnectionTarget.noop();
        try (PoolUnderTest pool = kind.open(target, 4)) {
            assertThat(pool.kind()).isEqualTo(kind);
            assertThat(pool.totalConnections()).isEqualTo(4);
            // DBCP2 opens (and closes) one extra connection at start to check the driver: count from here
            long openedWhenFull = ((NoopDriver) target.driver()).connectionsOpened();
            assertThat(openedWhenFull).isBetween(4L, 5L);

            List<Connection> borrowed = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Connection c = pool.dataSource().getConnection();
                assertThat(c.isValid(1)).isTrue();
                assertThat((Object) c.unwrap(NoopConnection.class)).isNotNull();
                borrowed.add(c);
            }
            for (Connection c : borrowed) {
                c.close();
            }
            // returned to the pool, not closed: no new physical connection is needed for the next borrow
            try (Connection again = pool.dataSource().getConnection()) {
                assertThat(again.getAutoCommit()).isTrue();
            }
            assertThat(((NoopDriver) target.driver()).connectionsOpened()).isEqualTo(openedWhenFull);
        }
    }

    @Test
    void kindsAreNamedByTheirLabel() {
        assertThat(PoolKind.of("Hikari")).isEqualTo(PoolKind.HIKARI);
        assertThat(PoolKind.of("ballast")).isEqualTo(PoolKind.BALLAST);
        assertThat(PoolKind.of("vibur-fair")).isEqualTo(PoolKind.VIBUR_FAIR);
        for (PoolKind kind : PoolKind.values()) {
            assertThat(PoolKind.of(kind.label())).isEqualTo(kind);
            if (kind != PoolKind.BALLAST_TUNED && kind != PoolKind.BALLAST_DEFAULT) {
                assertThat(PoolKind.ALL.split(",")).contains(kind.label());
            }
        }
        assertThat(PoolKind.ALL).doesNotContain("tuned").doesNotContain("default");
        assertThatThrownBy(() -> PoolKind.of("c3p0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c3p0");
    }

    @ParameterizedTest
    @EnumSource(value = PoolKind.class, names = {"BALLAST_TUNED", "BALLAST_DEFAULT"})
    void theAutomaticallySizedPoolsStartAtTheirMinimumAndGrowForBorrowers(PoolKind kind) throws SQLException {
        ConnectionTarget target = ConnectionTarget.noop();
        try (PoolUnderTest pool = kind.open(target, 8)) {
            assertThat(pool.kind()).isEqualTo(kind);
            assertThat(pool.totalConnections()).isGreaterThanOrEqualTo(2);
            List<Connection> borrowed = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // the tuning starts at 5, the midpoint of 2 and 8
                borrowed.add(pool.dataSource().getConnection());
            }
            for (Connection c : borrowed) {
                c.close();
            }
            assertThat(pool.totalConnections()).isBetween(4, 8);
        }
    }
}
