import dev.ballast.benchmarks.pool.ConnectionTarget;
import dev.ballast.event.BallastListener;
import dev.ballast.event.ConnectionCloseReason;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.pool.Pool;
import dev.ballast.internal.time.Clock;
import dev.ballast.pool.PoolConfig;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/** Borrow+return through a pool whose listeners are like the facade's: four, one timing borrows and returns. */
public class Listeners {
    static long tick, sum;
    public static void main(String[] a) throws Exception {
        ConnectionTarget t = ConnectionTarget.noop();
        PoolConfig cfg = PoolConfig.builder().poolName("x").jdbcUrl(t.url()).driver(t.driver()).driverProperties(t.properties())
            .minPoolSize(10).maxPoolSize(10).commandTimeout(Duration.ZERO).leakDetectionThreshold(Duration.ZERO).build();
        Clock cheap = () -> tick += 1000; // no clock read: isolates the pool's own work
        BallastListener timer = new BallastListener() {
            @Override public void connectionBorrowed(long w) { sum += w; }
            @Override public void connectionReturned(long u) { sum += u; }
        };
        BallastListener b = new BallastListener() { @Override public void connectionOpening() { } };
        BallastListener c = new BallastListener() { @Override public void connectionClosed(ConnectionCloseReason r) { } };
        BallastListener d = new BallastListener() { @Override public void connectionOpened(long n) { } };
        Pool none = Pool.start(cfg, ListenerSupport.none(), cheap);
        Pool four = Pool.start(cfg, new ListenerSupport(List.of(timer, b, c, d)), cheap);
        Thread.sleep(300);
        for (int r = 0; r < 8; r++) {
            for (Pool p : new Pool[] {none, four}) {
                long n = 20_000_000, t0 = System.nanoTime();
                for (long i = 0; i < n; i++) { Connection x = p.getConnection(); x.close(); }
                System.out.printf("%s %.1f ns/cycle%n", p == none ? "no listener  " : "4 listeners  ", (System.nanoTime() - t0) / (double) n);
            }
        }
        none.close(); four.close();
    }
}
