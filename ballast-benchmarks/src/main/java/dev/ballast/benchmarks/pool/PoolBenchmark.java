package dev.ballast.benchmarks.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4, benchmark 1 (and issue 14): one {@code getConnection()} + {@code close()} cycle ({@code threadsNN}) and
 * one full statement cycle ({@code statementNN}: borrow, prepare {@code select 1}, execute, read the row, close all
 * three) through a pool over the no-op driver, so that only the pool's own work is measured. One benchmark method per
 * cycle and thread count (1, 8, 32 platform threads, all sharing one pool), for each pool and pool size. Report: throughput in cycles per microsecond (all threads
 * together); with {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per cycle.
 *
 * <p>Run: {@code java -jar benchmarks.jar PoolBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class PoolBenchmark {

    /** Which pool (a {@link PoolKind#label()}). */
    @Param({"ballast", "hikari", "agroal", "vibur-fair", "vibur-unfair", "dbcp2"})
    public String pool;

    /** Minimum and maximum pool size ({@code -p poolSize=10,32} for more). */
    @Param({"10"})
    public int poolSize;

    private PoolUnderTest underTest;
    private DataSource dataSource;

    /**
     * Opens the pool and waits until it is full; {@code -p pool=ballast-tuned} and {@code ballast-default} (Ballast
     * sized automatically from MinPoolSize 2) open connections as they need them, so for them only until they hold
     * their minimum.
     */
    @Setup(Level.Trial)
    public void open() {
        PoolKind kind = PoolKind.of(pool);
        underTest = kind.open(ConnectionTarget.noop(), poolSize);
        if (kind != PoolKind.BALLAST_TUNED && kind != PoolKind.BALLAST_DEFAULT) {
            underTest.awaitFull(poolSize, Duration.ofSeconds(30));
        }
        dataSource = underTest.dataSource();
    }

    /** Closes the pool. */
    @TearDown(Level.Trial)
    public void close() {
        underTest.close();
    }

    /** @return the connection borrowed and returned (consumed by JMH) */
    @Benchmark
    @Threads(1)
    public Connection threads01() throws SQLException {
        return cycle();
    }

    /** @return the value read (consumed by JMH) */
    @Benchmark
    @Threads(1)
    public int statement01() throws SQLException {
        return statementCycle();
    }

    /** @return the connection borrowed and returned (consumed by JMH) */
    @Benchmark
    @Threads(8)
    public Connection threads08() throws SQLException {
        return cycle();
    }

    /** @return the value read (consumed by JMH) */
    @Benchmark
    @Threads(8)
    public int statement08() throws SQLException {
        return statementCycle();
    }

    /** @return the connection borrowed and returned (consumed by JMH) */
    @Benchmark
    @Threads(32)
    public Connection threads32() throws SQLException {
        return cycle();
    }

    /** @return the value read (consumed by JMH) */
    @Benchmark
    @Threads(32)
    public int statement32() throws SQLException {
        return statementCycle();
    }

    private Connection cycle() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.close();
        return connection;
    }

    private int statementCycle() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select 1");
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
