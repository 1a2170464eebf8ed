import dev.ballast.benchmarks.pool.ConnectionTarget;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.pool.Pool;
import dev.ballast.internal.time.Clock;
import dev.ballast.pool.PoolConfig;
import java.sql.Connection;
import java.time.Duration;

public class ClockCost {
    static long tick;
    public static void main(String[] a) throws Exception {
        ConnectionTarget t = ConnectionTarget.noop();
        PoolConfig cfg = PoolConfig.builder().poolName("x").jdbcUrl(t.url()).driver(t.driver()).driverProperties(t.properties())
            .minPoolSize(10).maxPoolSize(10).commandTimeout(Duration.ZERO).leakDetectionThreshold(Duration.ZERO).build();
        Clock cheap = () -> tick += 1000; // plain field: no clock read, time still moves forward
        Pool sys = Pool.start(cfg, ListenerSupport.none(), Clock.system());
        Pool fake = Pool.start(cfg, ListenerSupport.none(), cheap);
        Thread.sleep(500);
        for (int r = 0; r < 6; r++) {
            for (Pool p : new Pool[] {sys, fake}) {
                long n = 20_000_000, t0 = System.nanoTime();
                for (long i = 0; i < n; i++) { Connection c = p.getConnection(); c.close(); }
                long ns = System.nanoTime() - t0;
                System.out.printf("%s %.1f ns/cycle%n", p == sys ? "system clock" : "no clock   ", ns / (double) n);
            }
            long t0 = System.nanoTime(), s = 0;
            for (int i = 0; i < 10_000_000; i++) s += System.nanoTime();
            System.out.printf("  System.nanoTime alone: %.1f ns%s%n", (System.nanoTime() - t0) / 1e7, s == 42 ? "!" : "");
        }
        sys.close(); fake.close();
    }
}
