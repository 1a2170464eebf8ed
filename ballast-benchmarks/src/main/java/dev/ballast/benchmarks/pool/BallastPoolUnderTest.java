package dev.ballast.benchmarks.pool;

import dev.ballast.event.BallastListener;
import dev.ballast.event.PoolTuning;
import dev.ballast.pool.BallastPool;
import dev.ballast.pool.PoolConfig;
import dev.ballast.pool.PoolConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * Ballast's pool configured to match the other pools: {@code minPoolSize = maxPoolSize = size} (a fixed pool, so the
 * automatic sizing, on by default, has nothing to tune and does not run), the target's driver, URL and properties
 * (which override the pgjdbc properties Ballast would derive), a 30 s connection timeout, no command (statement) timeout, no leak detection, a 30 min connection lifetime (HikariCP's
 * {@code maxLifetime} default), and otherwise Ballast's own defaults (validation of connections idle over about half
 * a second, 120 s keepalive, state reset on return). No listener: like the peers, it keeps no metrics, so its fast
 * path reads no clock.
 *
 * <p>The system property {@value PoolKind#BALLAST_FAIRNESS_PROPERTY} (seconds, as the
 * {@code FairnessThresholdSeconds} key) sets the fairness threshold instead of Ballast's default, to measure the trade
 * between throughput and waiting time it controls; the TPC-B scenario's title then shows it.
 */
final class BallastPoolUnderTest implements PoolUnderTest {

    private final BallastPool pool;
    private final PoolKind kind;
    private final List<Integer> limits;

    private BallastPoolUnderTest(BallastPool pool, PoolKind kind, List<Integer> limits) {
        this.pool = pool;
        this.kind = kind;
        this.limits = limits;
    }

    static PoolUnderTest open(ConnectionTarget target, int size) {
        BallastPoolUnderTest underTest = new BallastPoolUnderTest(BallastPool.start(config(target, size).build()),
                PoolKind.BALLAST, List.of());
        underTest.awaitFull(size, Duration.ofSeconds(30));
        return underTest;
    }

    /**
     * The same configuration with {@code EnablePoolAutoTuning}: {@code size} is the maximum, the minimum is Ballast's
     * default 2 (this is Ballast's default pool, sized {@code 2..size}); records the limit after every tuning
     * decision and prints each stall ({@code PoolTuning.Reason.STALLED}) and each return after one
     * ({@code STALL_ENDED}) to standard error.
     */
    static PoolUnderTest openTuned(ConnectionTarget target, int size) {
        List<Integer> limits = new CopyOnWriteArrayList<>();
        BallastListener recorder = new BallastListener() {
            @Override
            public void poolLimitTuned(PoolTuning tuning) {
                limits.add(tuning.limit());
                if (tuning.reason() == PoolTuning.Reason.STALLED // none expected where connections keep coming back
                        || tuning.reason() == PoolTuning.Reason.STALL_ENDED) {
                    System.err.println("tuned pool: " + tuning.reason().name().toLowerCase(Locale.ROOT) + ", limit "
                            + tuning.previousLimit() + " -> " + tuning.limit());
                }
            }
        };
        int min = Math.min(2, size);
        BallastPoolUnderTest underTest = new BallastPoolUnderTest(BallastPool.start(
                config(target, size).minPoolSize(min).enablePoolAutoTuning(true).build(), recorder),
                PoolKind.BALLAST_TUNED, limits);
        underTest.awaitFull(min, Duration.ofSeconds(30));
        return underTest;
    }

    /**
     * The same configuration sized as by default: {@code size} is the maximum, the minimum Ballast's default 2, and
     * {@code EnablePoolAutoTuning} left at its default (on). No listener.
     */
    static PoolUnderTest openDefaultSizing(ConnectionTarget target, int size) {
        int min = Math.min(2, size);
        BallastPoolUnderTest underTest = new BallastPoolUnderTest(
                BallastPool.start(config(target, size).minPoolSize(min).build()), PoolKind.BALLAST_DEFAULT, List.of());
        underTest.awaitFull(min, Duration.ofSeconds(30));
        return underTest;
    }

    private static PoolConfigBuilder config(ConnectionTarget target, int size) {
        PoolConfigBuilder builder = PoolConfig.builder();
        String fairness = System.getProperty(PoolKind.BALLAST_FAIRNESS_PROPERTY);
        if (fairness != null) {
            builder.fairnessThreshold(Duration.ofNanos(Math.round(Double.parseDouble(fairness) * 1e9)));
        }
        return builder
                .poolName("ballast-benchmark")
                .jdbcUrl(target.url())
                .driver(target.driver())
                .driverProperties(target.properties())
                .minPoolSize(size)
                .maxPoolSize(size)
                .connectionTimeout(Duration.ofSeconds(30))
                .commandTimeout(Duration.ZERO)
                .leakDetectionThreshold(Duration.ZERO)
                .connectionLifetime(Duration.ofMinutes(30));
    }

    @Override
    public PoolKind kind() {
        return kind;
    }

    @Override
    public String diagnostics() {
        return pool.stats().toString();
    }

    @Override
    public List<Integer> limitTrace() {
        return List.copyOf(limits);
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public int totalConnections() {
        return pool.stats().total();
    }

    @Override
    public void close() {
        pool.close();
    }
}
