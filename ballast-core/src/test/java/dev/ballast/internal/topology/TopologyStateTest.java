package dev.ballast.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.internal.config.HostPort;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyStateTest {

    private static final long S = 1_000_000_000L;
    private static final HostPort A = new HostPort("db1", 5432);
    private static final HostPort B = new HostPort("db2", 5432);
    private static final HostPort C = new HostPort("db3", 5433);

    private final List<String> events = new ArrayList<>();
    private final TopologyEvents recorder = new TopologyEvents() {
        @Override
        public void hostChanged(HostView before, HostView after) {
            events.add(after.host() + " " + before.role().label() + "->" + after.role().label()
                    + (after.suspect() ? " suspect" : ""));
        }

        @Override
        public void primaryChanged(HostView from, HostView to) {
            events.add("primary " + (from == null ? null : from.host()) + "->" + (to == null ? null : to.host()));
        }
    };
    private final TopologyState state = new TopologyState(List.of(A, B, C), 30 * S, recorder, 0);

    @Test
    void rolesComeFromProbesAndTheFirstPrimaryIsAnnounced() {
        state.probed(0, ProbeResult.primary(1000, 1), 0);
        state.probed(1, ProbeResult.standby(1000), 0);
        state.probed(2, ProbeResult.standby(1000), 0);
        Topology t = state.current();
        assertThat(t.primaryHost().host()).isEqualTo(A);
        assertThat(t.readable(5 * S, -1)).extracting(HostView::host).containsExactly(B, C);
        assertThat(events).contains("primary null->db1:5432", "db2:5432 unknown->standby");
    }

    @Test
    void aStandbyBeyondTheLagBoundServesNoReads() {
        state.probed(0, ProbeResult.primary(1000, 1), 0);
        state.probed(1, ProbeResult.standby(1000), 0);
        state.probed(2, ProbeResult.standby(1000), 0);
        for (int s = 1; s <= 8; s++) {
            state.probed(0, ProbeResult.primary(1000 + s * 100L, 1), s * S);
            state.probed(1, ProbeResult.standby(1000 + s * 100L), s * S); // keeps up
            state.probed(2, ProbeResult.standby(1000), s * S);            // replay paused
        }
        Topology t = state.current();
        assertThat(t.view(C).lagNanos()).isGreaterThan(5 * S);
        assertThat(t.view(B).lagNanos()).isZero();
        assertThat(t.readable(5 * S, -1)).extracting(HostView::host).containsExactly(B);
    }

    @Test
    void aPromotionMovesThePrimaryAndTheHigherTimelineWinsOverAnOldPrimaryStillRunning() {
        state.probed(0, ProbeResult.primary(1000, 1), 0);
        state.probed(1, ProbeResult.standby(1000), 0);
        state.probed(1, ProbeResult.primary(1200, 2), 1 * S); // promoted while db1 still runs
        assertThat(state.current().primaryHost().host()).isEqualTo(B);
        state.probed(0, ProbeResult.primary(1100, 1), 2 * S);
        assertThat(state.current().primaryHost().host()).isEqualTo(B);
        assertThat(events).contains("primary db1:5432->db2:5432");
    }

    @Test
    void anOldPrimaryOutvotedInASplitBrainNeverGetsWritesBackWhenTheNewPrimaryGoesDown() {
        state.probed(0, ProbeResult.primary(1000, 1), 0);
        state.probed(1, ProbeResult.standby(1000), 0);
        state.probed(1, ProbeResult.primary(1200, 2), 1 * S); // promoted while db1 still runs
        state.probed(0, ProbeResult.primary(1100, 1), 1 * S);
        assertThat(state.current().view(A).fenced()).isTrue();
        state.probed(1, ProbeResult.failed("Connection refused"), 2 * S);
        state.probed(0, ProbeResult.primary(1150, 1), 2 * S);
        assertThat(state.current().primaryHost()).as("writes never go back to the outvoted primary").isNull();
        state.probed(1, ProbeResult.primary(1300, 2), 3 * S);
        assertThat(state.current().primaryHost().host()).isEqualTo(B);
        assertThat(events).containsSubsequence("primary db1:5432->db2:5432", "primary db2:5432->null",
                "primary null->db2:5432");
        assertThat(events.subList(events.indexOf("primary db1:5432->db2:5432"), events.size()))
                .doesNotContain("primary null->db1:5432", "primary db2:5432->db1:5432");
    }

    @Test
    void aFencedPrimaryDemotedToAStandbyServesReadsAgain() {
        state.probed(0, ProbeResult.primary(1000, 1), 0);
        state.probed(1, ProbeResult.standby(1000), 0);
        state.probed(1, ProbeResult.primary(1200, 2), 1 * S);
        state.probed(0, ProbeResult.primary(1100, 1), 1 * S);
        assertThat(state.current().view(A).fenced()).isTrue();
        state.probed(0, ProbeResult.failed("the database system is shutting down"), 2 * S);
        state.probed(0, ProbeResult.standby(1200), 3 * S);
        state.probed(1, ProbeResult.primary(1200, 2), 3 * S);
        assertThat(state.current().view(A).fenced()).isFalse();
        assertThat(state.current().readable(5 * S, -1)).extracting(HostView::host).containsExactly(A);
    }

    @Test
    void aHostWhoseBreakerIsOpenGetsNoCallersUntilItCloses() {
        state.probed(0, ProbeResult.primary(1000, 1), 0);
        state.probed(1, ProbeResult.standby(1000), 0);
        state.probed(2, ProbeResult.standby(1000), 0);
        state.broken(1, true);
        assertThat(state.current().readable(5 * S, -1)).extracting(HostView::host).containsExactly(C);
        state.probed(1, ProbeResult.standby(1000), 1 * S);
        assertThat(state.current().view(B).broken()).as("a probe alone does not close the breaker").isTrue();
        state.broken(1, false);
        assertThat(state.current().readable(5 * S, -1)).extracting(HostView::host).containsExactly(B, C);
    }

    @Test
    void aCrashedPrimaryLeavesNoPrimaryAndCaughtUpStandbysStillServeReads() {
        state.probed(0, ProbeResult.primary(1000, 1), 0);
        state.probed(1, ProbeResult.standby(1000), 0);
        state.probed(0, ProbeResult.failed("Connection refused"), 1 * S);
        state.probed(1, ProbeResult.standby(1000), 1 * S);
        Topology t = state.current();
        assertThat(t.primaryHost()).isNull();
        assertThat(t.view(A).role()).isEqualTo(Role.DOWN);
        assertThat(t.readable(5 * S, -1)).extracting(HostView::host).containsExactly(B);
        assertThat(events).contains("primary db1:5432->null", "db1:5432 primary->down");
    }

    @Test
    void aSuspectStandbyGetsNoReadsUntilTheNextProbeClearsItWhileASuspectPrimaryKeepsItsWrites() {
        state.probed(0, ProbeResult.primary(1000, 1), 0);
        state.probed(1, ProbeResult.standby(1000), 0);
        state.suspect(0, "FATAL: terminating connection due to administrator command");
        state.suspect(1, "I/O error");
        assertThat(state.current().primaryHost().host()).isEqualTo(A);
        assertThat(state.current().readable(5 * S, -1)).isEmpty();
        state.probed(0, ProbeResult.primary(1000, 1), 1);
        state.probed(1, ProbeResult.standby(1000), 1);
        assertThat(state.current().primaryHost().host()).isEqualTo(A);
        assertThat(state.current().readable(5 * S, -1)).hasSize(1);
    }

    @Test
    void readYourWritesNeedsAStandbyPastTheWrite() {
        state.probed(0, ProbeResult.primary(2000, 1), 0);
        state.probed(1, ProbeResult.standby(1500), 0);
        state.probed(2, ProbeResult.standby(2000), 0);
        assertThat(state.current().readable(5 * S, 1800)).extracting(HostView::host).containsExactly(C);
    }

    @Test
    void readsAreSpreadWhenLoadBalancingAndGoToTheFirstStandbyOtherwise() {
        state.probed(0, ProbeResult.primary(1000, 1), 0);
        state.probed(1, ProbeResult.standby(1000), 0);
        state.probed(2, ProbeResult.standby(1000), 0);
        ReadChoice spread = new ReadChoice(5 * S, true);
        ReadChoice first = new ReadChoice(5 * S, false);
        List<HostPort> spreadPicks = new ArrayList<>();
        List<HostPort> firstPicks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            spreadPicks.add(spread.pick(state.current(), -1).host());
            firstPicks.add(first.pick(state.current(), -1).host());
        }
        assertThat(spreadPicks).containsExactly(B, C, B, C);
        assertThat(firstPicks).containsOnly(B);
    }
}
