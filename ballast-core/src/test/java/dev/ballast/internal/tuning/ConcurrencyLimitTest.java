package dev.ballast.internal.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.event.PoolTuning;
import dev.ballast.event.PoolTuning.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Drives the tuning algorithm with made-up time and a modelled server: no clock, no sleep, no database. The model is
 * a closed system under saturated demand: at limit {@code L} it completes {@code rate(L)} transactions per second and
 * each holds its connection {@code L / rate(L)} seconds (Little's law).
 */
class ConcurrencyLimitTest {

    private static final long MS = 1_000_000L;

    /**
     * TPC-B at 16 clients on the project's machine on a noisy day, relative to the best (fixed pools of 3, 4, 5, 6, 8 and
     * 10 measured in the same rounds, 7 and 9 taken between, 1 and 2 extrapolated; results/issue14-perf/knee-curve.txt,
     * run 1): a knee at 6.
     */
    private static final double[] KNEE_CURVE_16_CLIENTS = {0, 350, 600, 757, 824, 851, 1_000, 970, 941, 890, 836};

    private final List<PoolTuning> decisions = new ArrayList<>();
    private long now = 1_000 * MS;

    /** A server whose throughput rises linearly up to {@code knee} connections, then stays flat. */
    private static IntToDoubleFunction kneeAt(int knee, double peakPerSecond) {
        return l -> peakPerSecond * Math.min(l, knee) / knee;
    }

    private ConcurrencyLimit tuner(int min, int max) {
        return new ConcurrencyLimit(TuningSettings.defaults(min, max), now, decisions::add);
    }

    /** Feeds one window's worth of returns, spread over 210 ms, all with borrowers queued. */
    private void window(ConcurrencyLimit tuner, IntToDoubleFunction server, int waiting) {
        int limit = tuner.limit();
        double rate = server.applyAsDouble(limit);
        long serviceNanos = Math.round(limit / rate * 1e9);
        int n = (int) Math.max(25, rate * 0.21);
        long spacing = 210 * MS / n;
        for (int i = 0; i < n; i++) {
            now += spacing;
            tuner.onSample(now, serviceNanos, waiting);
        }
    }

    private int[] run(ConcurrencyLimit tuner, IntToDoubleFunction server, int windows) {
        int[] limits = new int[windows];
        for (int w = 0; w < windows; w++) {
            window(tuner, server, 8);
            limits[w] = tuner.limit();
        }
        return limits;
    }

    private static int median(int[] limits, int from, int to) {
        int[] part = java.util.Arrays.copyOfRange(limits, from, to);
        java.util.Arrays.sort(part);
        return part[part.length / 2];
    }

    @Test
    void settlesAtTheKneeFromAbove() {
        ConcurrencyLimit tuner = tuner(2, 20);
        int[] limits = run(tuner, kneeAt(5, 5_000), 200);

        // after settling: mostly at the knee, re-measuring one step around it, never back near the top
        assertThat(median(limits, 100, 200)).isBetween(5, 6);
        for (int w = 100; w < 200; w++) {
            assertThat(limits[w]).as("window %d", w).isBetween(4, 7);
        }
    }

    /**
     * Above a sharp knee throughput is flat, so under noise a step down is a tie that the windows cannot show: the
     * limit comes down from where it started only as far as the measurements prove, and never settles below the knee,
     * where every step down is clearly slower.
     */
    @Test
    void throughWindowToWindowNoiseTheLimitComesDownTowardTheKneeButNotBelowIt() {
        ConcurrencyLimit tuner = tuner(2, 20);
        int start = tuner.limit();
        java.util.Random noise = new java.util.Random(42); // fixed seed: the same made-up measurements every run
        IntToDoubleFunction knee = kneeAt(4, 3_000);
        int[] limits = new int[400];
        int below = 0;
        for (int w = 0; w < limits.length; w++) {
            double factor = 1 + (noise.nextDouble() - 0.5) * 0.16; // each window's throughput off by up to ±8 %
            window(tuner, l -> knee.applyAsDouble(l) * factor, 8);
            limits[w] = tuner.limit();
            if (w >= 200 && limits[w] < 4) {
                below++;
            }
        }
        assertThat(median(limits, 200, 400)).isBetween(4, start - 3);
        assertThat(below).as("windows below the knee (probes only)").isLessThanOrEqualTo(10);
    }

    /**
     * A server that serialises the work (every transaction takes the same lock, as in {@code PoolAutoTuningTest})
     * gains nothing from a second connection: throughput is flat, and each connection beyond one only queues inside
     * the server. With 8 % noise per window, correlated with the window before and drifting (more than the 4-5 % the
     * real test measured on a loaded CI machine), a tie within half the tolerance is seldom shown, so the limit comes
     * down only if a step down measured at length and found no slower counts as the tie it is. Forty made-up servers,
     * with {@code PoolAutoTuningTest}'s settings: MinPoolSize 1, MaxPoolSize 16, start at 8; the limit must hold at 4 or
     * below for 15 windows within two minutes of windows on all but two of them, and get there within 210 windows on
     * half of them. (The rule before, with 2 % tolerance and no tie measured at length: 4 late, median 244.)
     */
    @Test
    void whenTheServerSerialisesTheWorkTheLimitComesDownThroughTheNoise() {
        int late = 0;
        List<Integer> took = new ArrayList<>();
        for (int seed = 0; seed < 40; seed++) {
            ConcurrencyLimit tuner = tuner(1, 16);
            java.util.Random noise = new java.util.Random(seed); // fixed seeds: the same made-up measurements every run
            double fast = 0;
            double drift = 0;
            int streak = 0;
            int w = 0;
            for (; w < 570 && streak < 15; w++) {
                fast = 0.4 * fast + Math.sqrt(1 - 0.4 * 0.4) * 0.08 * noise.nextGaussian();
                drift = 0.995 * drift + Math.sqrt(1 - 0.995 * 0.995) * 0.05 * noise.nextGaussian();
                double factor = (1 + fast) * (1 + drift);
                window(tuner, l -> 350 * factor, 8);
                streak = tuner.limit() <= 4 ? streak + 1 : 0;
            }
            if (streak < 15) {
                late++;
            }
            took.add(w);
        }
        assertThat(late).as("servers where the limit had not settled at 4 or below; windows taken: %s", took)
                .isLessThanOrEqualTo(2);
        took.sort(null);
        assertThat(took.get(took.size() / 2)).as("median windows taken: %s", took).isLessThanOrEqualTo(210);
    }

    /**
     * The curve measured on the project's machine (TPC-B, 16 clients, fixed pools of 3, 4, 5, 6, 8 and 10: throughput
     * 0.70, 0.89, 0.95, 1.00, 0.955 and 0.92 of the best, 7 and 9 taken between; a gentle knee at 6) with the noise
     * measured there: each 200 ms window off by about 10 %, correlated with the window before (0.4), and the whole
     * machine drifting by about 10 % over tens of seconds ({@code results/issue14-perf/window-noise-16.txt}).
     * Neighbouring limits differ by less than one window's noise, so a rule that steps down whenever one window at the
     * step down looked as fast walks the limit below the knee by chance, and every move opens or closes a server
     * connection.
     */
    @Test
    void noiseAndDriftDoNotWalkTheLimitOffAGentleKnee() {
        double[] measured = {0, 250, 490, 700, 890, 950, 1_000, 980, 955, 940, 920};
        ConcurrencyLimit tuner = tuner(2, 10);
        java.util.Random noise = new java.util.Random(3); // fixed seed: the same made-up measurements every run
        double fast = 0;
        double drift = 0;
        double kept = 0;
        int nearKnee = 0;
        int changes = 0;
        int counted = 0;
        for (int w = 0; w < 600; w++) {
            fast = 0.4 * fast + Math.sqrt(1 - 0.4 * 0.4) * 0.10 * noise.nextGaussian();
            drift = 0.995 * drift + Math.sqrt(1 - 0.995 * 0.995) * 0.10 * noise.nextGaussian();
            double factor = (1 + fast) * (1 + drift);
            int before = tuner.limit();
            window(tuner, l -> measured[l] * factor, 8);
            if (w >= 150) {
                kept += measured[tuner.limit()] / 1_000;
                nearKnee += tuner.limit() >= 5 && tuner.limit() <= 7 ? 1 : 0;
                changes += tuner.limit() != before ? 1 : 0;
                counted++;
            }
        }
        assertThat(kept / counted).as("throughput kept").isGreaterThanOrEqualTo(0.97);
        assertThat((double) nearKnee / counted).as("windows within a step of the knee").isGreaterThanOrEqualTo(0.85);
        assertThat((double) changes / counted).as("changes of the limit per window").isLessThanOrEqualTo(0.25);
    }

    /**
     * The curve measured on the project's machine on a noisier day (TPC-B, 16 clients, fixed pools of 3, 4, 5, 6, 8 and
     * 10 in the same rounds: 0.76, 0.82, 0.85, 1.00, 0.94 and 0.84 of the best, 7 and 9 taken between, 1 and 2
     * extrapolated; {@code results/issue14-perf/knee-curve.txt}), where six 6-second runs of the same pool differed by
     * up to 30 %: each window off by 30 %, correlated (0.4), and the machine drifting by 20 % within a minute. Eight
     * windows at a step down then cannot show a loss of a few percent, so "no difference seen" says little; taking it
     * as a tie walked the limit below the knee (the tuned pool ran at limits 3-5 and 0.79x the best fixed pool in the
     * knee-curve run). Over 40 seeded servers the limit may spend at most 12 % of its windows at 4 or below and keep at
     * least 0.935 of the best throughput (now 10.2 % and 0.940; with this correction alone, deciding moves at the end of the
     * probe, 7.8 % and 0.942; a tie at length taken whatever the noise: 18.3 % and 0.925).
     */
    @Test
    void whenWindowsAreTooNoisyToShowTheToleranceAnUndecidedStepDownIsNotTakenAsATie() {
        int[][] limits = noisyPools(KNEE_CURVE_16_CLIENTS, 0.30, 0.98, 0.20, 600, 0, 1);
        double kept = 0;
        int low = 0;
        int counted = 0;
        for (int[] pool : limits) {
            for (int w = 151; w <= 600; w++) { // after the first 150 windows
                kept += KNEE_CURVE_16_CLIENTS[pool[w]] / 1_000;
                low += pool[w] <= 4 ? 1 : 0;
                counted++;
            }
        }
        assertThat((double) low / counted).as("windows at 4 or below (0.82 of the best or less)")
                .isLessThanOrEqualTo(0.12);
        assertThat(kept / counted).as("throughput kept").isGreaterThanOrEqualTo(0.935);
    }

    /**
     * A new pool warms up: its connections are new, the server's caches and the JIT are cold, and on the project's
     * machine a tuned pool's first windows ran 213, 930, 1,325, 1,509 ... 2,732 returns/s over 2.5 s
     * ({@code results/issue14-perf/tuner-trace.txt}). A rule that decides as soon as a probe's windows are in compares
     * the probe with home windows measured <em>before</em> it, so while throughput is still rising every probe looks
     * better, and the first probes go down: that trace walked from 6 to 3 in 2.2 s, on a knee at 6. Here the same
     * knee-curve server starts 80 % slow and closes the gap with a time constant of 5 windows; over the first 50
     * windows of 40 seeded pools the limit must keep at least 0.93 of the best throughput (deciding at the end of the
     * probe: 0.833; deciding only once home has been measured again after the probe: 0.967).
     */
    @Test
    void aPoolWarmingUpDoesNotWalkItsLimitBelowTheKnee() {
        int[][] limits = noisyPools(KNEE_CURVE_16_CLIENTS, 0.10, 0.995, 0.10, 50, 0.8, 5);
        double kept = 0;
        int counted = 0;
        for (int[] pool : limits) {
            for (int w = 0; w < 50; w++) { // the limit in force in each of the first 50 windows
                kept += KNEE_CURVE_16_CLIENTS[pool[w]] / 1_000;
                counted++;
            }
        }
        assertThat(kept / counted).as("throughput kept over a new pool's first 50 windows")
                .isGreaterThanOrEqualTo(0.93);
    }

    /**
     * Runs 40 pools (MinPoolSize 2, MaxPoolSize 10, seeds 0-39: the same made-up measurements every run) on a server
     * completing {@code curve[limit]} transactions per second, each window off by a fast noise (relative sd
     * {@code cvFast}, lag-1 correlation 0.4) times a slow drift ({@code cvDrift}, correlation {@code rhoDrift} per
     * window), and, with {@code rampDepth > 0}, starting that fraction slow and catching up with a time constant of
     * {@code rampWindows} windows (a warm-up).
     *
     * @return per pool, the limit before the first window and after each of {@code windows} windows
     */
    private int[][] noisyPools(double[] curve, double cvFast, double rhoDrift, double cvDrift, int windows,
            double rampDepth, double rampWindows) {
        int[][] limits = new int[40][windows + 1];
        for (int seed = 0; seed < 40; seed++) {
            ConcurrencyLimit tuner = tuner(2, 10);
            java.util.Random noise = new java.util.Random(seed);
            double fast = 0;
            double drift = 0;
            limits[seed][0] = tuner.limit();
            for (int w = 0; w < windows; w++) {
                fast = 0.4 * fast + Math.sqrt(1 - 0.4 * 0.4) * cvFast * noise.nextGaussian();
                drift = rhoDrift * drift + Math.sqrt(1 - rhoDrift * rhoDrift) * cvDrift * noise.nextGaussian();
                double factor = Math.max(0.05, (1 + fast) * (1 + drift)) * (1 - rampDepth * Math.exp(-w / rampWindows));
                window(tuner, l -> curve[l] * factor, 8);
                limits[seed][w + 1] = tuner.limit();
            }
        }
        return limits;
    }

    /**
     * A server with no sharp knee (the Universal Scalability Law: each connection adds a little less than the one
     * before, and coherence costs bend the curve over near the top), as a real database's is. A limit that settles
     * where one step adds less than the tolerance gives away throughput there; with the 5 % tolerance this model
     * kept 0.88 of the best throughput, with 2 % or the default 3 % it keeps over 0.95.
     */
    @Test
    void onASmoothlyRisingCurveTheLimitStaysWhereThroughputIsNearItsBest() {
        ConcurrencyLimit tuner = tuner(2, 20);
        java.util.Random noise = new java.util.Random(7); // fixed seed: the same made-up measurements every run
        IntToDoubleFunction usl = l -> 1_000.0 * l / (1 + 0.05 * (l - 1) + 0.002 * l * (l - 1));
        double best = 0;
        for (int l = 2; l <= 20; l++) {
            best = Math.max(best, usl.applyAsDouble(l));
        }
        double kept = 0;
        int counted = 0;
        for (int w = 0; w < 600; w++) {
            double factor = 1 + (noise.nextDouble() - 0.5) * 0.16; // each window's throughput off by up to ±8 %
            window(tuner, l -> usl.applyAsDouble(l) * factor, 8);
            if (w >= 150) {
                kept += usl.applyAsDouble(tuner.limit()) / best;
                counted++;
            }
        }
        assertThat(kept / counted).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void climbsToTheKneeFromBelow() {
        ConcurrencyLimit tuner = tuner(1, 40);
        int[] limits = run(tuner, kneeAt(30, 9_000), 300);

        assertThat(median(limits, 200, 300)).isBetween(29, 32);
        for (int w = 200; w < 300; w++) { // probes go one step (3) either side of the limit, which is within a step of the knee
            assertThat(limits[w]).as("window %d", w).isBetween(26, 35);
        }
    }

    @Test
    void modestOverloadWithTimeoutsDoesNotRatchetTheLimitUpward() {
        ConcurrencyLimit tuner = tuner(2, 50);
        IntToDoubleFunction server = kneeAt(6, 3_000);
        int highest = 0;
        for (int w = 0; w < 400; w++) {
            window(tuner, server, 40);
            now += MS;
            tuner.onTimeout(now); // every window: borrows time out because demand exceeds what the server can do
            if (w >= 150) { // from the midpoint (26) down to the knee takes about 110 windows: 8 per step
                highest = Math.max(highest, tuner.limit());
            }
        }
        assertThat(highest).isLessThanOrEqualTo(9);
        assertThat(decisions).anyMatch(d -> d.reason() == Reason.TIMEOUTS); // timeouts do make it look up
    }

    @Test
    void followsTheKneeWhenTheServerGetsFasterWithoutPinningTheLimitLow() {
        ConcurrencyLimit tuner = tuner(1, 40);
        run(tuner, kneeAt(8, 4_000), 200);
        int before = tuner.limit();
        int[] after = run(tuner, kneeAt(20, 10_000), 400);

        assertThat(before).isBetween(7, 10);
        assertThat(after[after.length - 1]).isBetween(17, 24);
        for (int limit : after) { // re-measuring never drops far below where the limit already was
            assertThat(limit).isGreaterThanOrEqualTo(before - 2);
        }
    }

    @Test
    void aFullServerLowersTheLimitAtOnceAndCapsItForAWhile() {
        ConcurrencyLimit tuner = tuner(2, 20);
        IntToDoubleFunction server = kneeAt(20, 10_000); // more connections would help, if the server accepted them
        run(tuner, server, 150);
        int before = tuner.limit();
        assertThat(before).isGreaterThanOrEqualTo(17);

        now += 300 * MS;
        tuner.onServerFull(now);
        int capped = tuner.limit();
        assertThat(capped).isLessThan(before);
        assertThat(tuner.last().reason()).isEqualTo(Reason.SERVER_FULL);
        assertThat(tuner.last().serverFull()).isEqualTo(1);

        int[] during = run(tuner, server, 100); // 100 windows of 210 ms: 21 s, inside the 30 s cap
        assertThat(java.util.Arrays.stream(during).max().orElseThrow()).isLessThanOrEqualTo(capped);
        int[] later = run(tuner, server, 150); // the cap expires: the limit may grow again
        assertThat(later[later.length - 1]).isGreaterThan(capped);
    }

    @Test
    void aStallRaisesTheLimitAtOnceToMaxPoolSizeAndItGoesBackInOneMoveOnceConnectionsComeBack() {
        ConcurrencyLimit tuner = tuner(2, 20);
        assertThat(tuner.limit()).isEqualTo(11);

        now += 150 * MS;
        assertThat(tuner.onStall(now)).isTrue(); // 11 busy, more wanted, nothing came back
        assertThat(tuner.limit()).isEqualTo(20);
        PoolTuning stalled = tuner.last();
        assertThat(stalled.reason()).isEqualTo(Reason.STALLED);
        assertThat(stalled.previousLimit()).isEqualTo(11);
        assertThat(decisions).containsExactly(stalled); // published at once, not at a window's end

        assertThat(tuner.onStall(now)).as("already at MaxPoolSize").isFalse();
        assertThat(decisions).hasSize(1);

        // connections come back (a server that had stopped answering answers again); the first window after the rise
        // is not measured, the next takes the limit back where it was, whether or not borrowers queue at 20
        window(tuner, kneeAt(6, 8_000), 0);
        assertThat(tuner.last().reason()).isEqualTo(Reason.SETTLING);
        assertThat(tuner.limit()).isEqualTo(20);
        window(tuner, kneeAt(6, 8_000), 0);
        assertThat(tuner.last().reason()).isEqualTo(Reason.STALL_ENDED);
        assertThat(tuner.last().previousLimit()).isEqualTo(20);
        assertThat(tuner.limit()).isEqualTo(11);
        // and from there the limit follows the server again: down towards a knee at 6
        int[] limits = run(tuner, kneeAt(6, 8_000), 400);
        assertThat(limits[limits.length - 1]).isLessThanOrEqualTo(8);
    }

    /** A tuner whose limit went from 11 to 20 on a stall, then back to 11 after a window of returns from {@code server}. */
    private ConcurrencyLimit afterATestedStall(IntToDoubleFunction server) {
        ConcurrencyLimit tuner = tuner(2, 20);
        now += 150 * MS;
        tuner.onStall(now);
        window(tuner, server, 8);
        window(tuner, server, 8);
        assertThat(tuner.limit()).as("the first stall tested").isEqualTo(11);
        return tuner;
    }

    @Test
    void aStallWithinAMinuteOfTheOneBeforeIsBelievedAndTheLimitStaysAtMaxPoolSize() {
        ConcurrencyLimit tuner = afterATestedStall(kneeAt(20, 8_000));

        // the application holds every connection the limit allows again: it caused the stall, the server did not
        now += 150 * MS;
        assertThat(tuner.onStall(now)).isTrue();
        assertThat(tuner.last().reason()).isEqualTo(Reason.STALLED);
        assertThat(tuner.limit()).isEqualTo(20);
        int secondStall = decisions.size();
        int[] after = run(tuner, kneeAt(20, 8_000), 20); // 20 connections serve 8,000/s, 11 only 4,400/s
        assertThat(java.util.Arrays.stream(after).min().orElseThrow())
                .as("believed: measured from MaxPoolSize, not sent back to 11").isGreaterThanOrEqualTo(18);
        assertThat(decisions.subList(secondStall, decisions.size())).noneMatch(d -> d.reason() == Reason.STALL_ENDED);
    }

    @Test
    void aStallMoreThanAMinuteAfterTheOneBeforeIsTestedAgain() {
        ConcurrencyLimit tuner = afterATestedStall(kneeAt(6, 8_000));

        now += ConcurrencyLimit.STALL_MEMORY_NANOS;
        tuner.onStall(now);
        assertThat(tuner.limit()).isEqualTo(20);
        int secondStall = decisions.size();
        window(tuner, kneeAt(6, 8_000), 8);
        window(tuner, kneeAt(6, 8_000), 8);
        assertThat(decisions.subList(secondStall, decisions.size())).as("tested again, not believed")
                .anyMatch(d -> d.reason() == Reason.STALL_ENDED && d.previousLimit() == 20 && d.limit() == 11);
        assertThat(tuner.limit()).isEqualTo(11);
    }

    @Test
    void aServerFullRefusalWhileAStallIsTestedCapsTheLimitAndEndsTheTest() {
        ConcurrencyLimit tuner = tuner(2, 20);
        now += 150 * MS;
        tuner.onStall(now);
        now += 300 * MS;
        tuner.onServerFull(now); // the rise to 20 met a server with no room
        assertThat(tuner.last().reason()).isEqualTo(Reason.SERVER_FULL);
        int capped = tuner.limit();
        assertThat(capped).isEqualTo(18);
        int[] after = run(tuner, kneeAt(20, 8_000), 10);
        assertThat(java.util.Arrays.stream(after).min().orElseThrow())
                .as("no return to 11 once the server said it was full").isGreaterThanOrEqualTo(16);
        assertThat(decisions).noneMatch(d -> d.reason() == Reason.STALL_ENDED);
    }

    @Test
    void aStallNeverRaisesTheLimitPastACapAfterTheServerWasFull() {
        ConcurrencyLimit tuner = tuner(2, 20);
        now += 150 * MS;
        tuner.onStall(now);
        assertThat(tuner.limit()).isEqualTo(20);

        now += 300 * MS;
        tuner.onServerFull(now);
        int capped = tuner.limit();
        assertThat(capped).isLessThan(20);
        now += 150 * MS;
        assertThat(tuner.onStall(now)).isFalse();
        assertThat(tuner.limit()).isEqualTo(capped);
    }

    @Test
    void theStallTimeIsTwiceTheServiceTimeWithinAFloorAndAQuarterOfTheBorrowTimeout() {
        ConcurrencyLimit tuner = tuner(2, 20);
        long timeout = 30_000 * MS;
        assertThat(tuner.stallNanos(timeout)).as("nothing measured yet: the floor").isEqualTo(100 * MS);

        run(tuner, kneeAt(6, 6_000), 3); // about 1 ms per borrow: the floor still
        assertThat(tuner.stallNanos(timeout)).isEqualTo(100 * MS);

        for (int i = 0; i < 60; i++) { // 800 ms borrows for 600 ms: the last window holds only those
            now += 10 * MS;
            tuner.onSample(now, 800 * MS, 5);
        }
        assertThat(tuner.last().serviceMillis()).isEqualTo(800.0);
        assertThat(tuner.stallNanos(timeout)).isEqualTo(1_600 * MS);
        assertThat(tuner.stallNanos(4_000 * MS)).as("a borrower never times out for the limit alone")
                .isEqualTo(1_000 * MS);
    }

    @Test
    void theReturnCountChangesWithEveryReturnAcrossWindows() {
        ConcurrencyLimit tuner = tuner(2, 20);
        long before = tuner.returns();
        for (int i = 1; i <= 100; i++) { // 100 returns over 500 ms: two windows close meanwhile
            now += 5 * MS;
            tuner.onSample(now, MS, 3);
            assertThat(tuner.returns()).isEqualTo(before + i);
        }
        assertThat(decisions).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void untimedReturnsCountTowardThroughputAndTheTimedOnesBringTheServiceTime() {
        ConcurrencyLimit tuner = tuner(2, 20);
        for (int i = 1; i <= 800; i++) { // 800 returns over 400 ms, one in eight timed at 2 ms
            now += MS / 2;
            if (i % 8 == 0) {
                tuner.onSample(now, 2 * MS, 3);
            } else {
                tuner.onReturn(3);
            }
        }
        assertThat(tuner.returns()).isEqualTo(800);
        PoolTuning d = decisions.get(decisions.size() - 1);
        assertThat(d.throughputPerSecond()).as("every return counts").isBetween(1_900.0, 2_100.0);
        assertThat(d.serviceMillis()).as("the mean of the timed returns only").isEqualTo(2.0);
        assertThat(d.saturated()).isTrue();
    }

    @Test
    void theLimitHoldsWhileNoBorrowerQueues() {
        ConcurrencyLimit tuner = tuner(2, 20);
        int start = tuner.limit();
        for (int w = 0; w < 50; w++) {
            window(tuner, kneeAt(3, 2_000), 0);
        }
        assertThat(tuner.limit()).isEqualTo(start);
        assertThat(decisions).isNotEmpty()
                .allMatch(d -> d.reason() == Reason.DEMAND_BELOW_LIMIT || d.reason() == Reason.SETTLING);
    }

    @Test
    void nothingIsDecidedBeforeAWindowHasPassed() {
        ConcurrencyLimit tuner = tuner(2, 20);
        for (int i = 0; i < 1_000; i++) {
            tuner.onSample(now + i * 100_000L, MS, 5); // 1,000 returns within 100 ms
        }
        assertThat(decisions).isEmpty();
        assertThat(tuner.last().reason()).isEqualTo(Reason.STARTED);
        assertThat(tuner.limit()).isEqualTo(11);
    }

    @Test
    void decisionsCarryTheirInputs() {
        ConcurrencyLimit tuner = tuner(4, 4); // min = max: the limit can never move
        run(tuner, kneeAt(10, 4_000), 5);

        PoolTuning d = decisions.get(decisions.size() - 1);
        assertThat(d.limit()).isEqualTo(4);
        assertThat(d.saturated()).isTrue();
        assertThat(d.throughputPerSecond()).isBetween(1_400.0, 1_800.0); // 1,600/s at 4 of a knee at 10
        assertThat(d.serviceMillis()).isBetween(2.4, 2.6); // 4 / 1,600 s
        assertThat(d.reason()).isEqualTo(Reason.AT_KNEE);
    }
}
