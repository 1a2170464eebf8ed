package dev.ballast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.testkit.junit.WithPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs on JDK 21+ only (the {@code virtual-threads} Maven profile); the code compiles for Java 17. */
@Tag("virtual-threads")
@WithPostgres
class VirtualThreadsTest {

    static ExecutorService newVirtualThreadPerTaskExecutor() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    static boolean isVirtual(Thread t) throws ReflectiveOperationException {
        return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
    }

    @Test
    void theTestkitServerServesVirtualThreads(PostgresServer pg) throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        ExecutorService vts = newVirtualThreadPerTaskExecutor();
        try {
            for (int i = 0; i < 50; i++) {
                int n = i;
                results.add(vts.submit(() -> {
                    assertThat(isVirtual(Thread.currentThread())).isTrue();
                    try (Connection c = pg.connect(); Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("select " + n + " + 1")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i + 1);
            }
        } finally {
            vts.shutdown();
            assertThat(vts.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
