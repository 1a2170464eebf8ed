package dev.ballast.pool;

import static dev.ballast.pool.PgPools.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 10,000 virtual threads share a pool of 10, recorded with JFR: all complete, and no virtual thread is pinned with
 * Ballast code on its stack. Runs on JDK 21+ only (the {@code virtual-threads} Maven profile); compiles for Java 17,
 * so virtual threads are created through reflection.
 */
@Tag("virtual-threads")
@WithPostgres
class PoolVirtualThreadsTest {

    private static ExecutorService virtualThreads() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    private static Void query(BallastPool pool, int n) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + n)) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(n);
        }
        return null;
    }

    @Test
    void tenThousandVirtualThreadsShareTenConnectionsUnpinned(PostgresServer pg) throws Exception {
        Path jfr = Files.createTempFile("ballast-pool-vt", ".jfr");
        AtomicInteger completed = new AtomicInteger();
        try (Recording recording = new Recording();
                BallastPool pool = BallastPool.start(config(pg, "vt").minPoolSize(10).maxPoolSize(10)
                        .connectionTimeout(Duration.ofSeconds(120)).build())) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            ExecutorService vts = virtualThreads();
            List<Future<?>> tasks = new ArrayList<>();
            try {
                // Warm up first: the JDK's one-time initialisation of its socket poller can pin the first virtual
                // threads that read from a socket (pinnedReason "Waited for initialization of sun.nio.ch.Poller").
                for (int i = 0; i < 100; i++) {
                    tasks.add(vts.submit(() -> query(pool, 1)));
                }
                for (Future<?> t : tasks) {
                    t.get(60, TimeUnit.SECONDS);
                }
                tasks.clear();
                recording.start();
                for (int i = 0; i < 10_000; i++) {
                    int n = i;
                    tasks.add(vts.submit(() -> {
                        query(pool, n);
                        completed.incrementAndGet();
                        return null;
                    }));
                }
                for (Future<?> t : tasks) {
                    t.get(180, TimeUnit.SECONDS);
                }
            } finally {
                vts.shutdown();
                assertThat(vts.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
            recording.stop();
            recording.dump(jfr);
            assertThat(completed).hasValue(10_000);
            assertThat(pool.stats().total()).isEqualTo(10);
            assertThat(pool.stats().timeouts()).isZero();
            List<String> pinnedInBallast = new ArrayList<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
                if (e.getEventType().getName().equals("jdk.VirtualThreadPinned") && e.getStackTrace() != null) {
                    for (RecordedFrame f : e.getStackTrace().getFrames()) {
                        if (f.getMethod().getType().getName().startsWith("dev.ballast")) {
                            pinnedInBallast.add(e.toString());
                            break;
                        }
                    }
                }
            }
            assertThat(pinnedInBallast).isEmpty();
        } finally {
            Files.deleteIfExists(jfr);
        }
    }
}
