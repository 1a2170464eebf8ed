package dev.ballast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StaleServerCleanupTest {

    @Test
    void aServerLeftByAKilledJvmIsStoppedAndDeletedByTheNextStart() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", StaleServerMain.class.getName())
                .redirectErrorStream(true)
                .start();
        String ready;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("READY "));
            ready = line;
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs in the child
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(ready).as("child JVM output").isNotNull();
        String[] parts = ready.split(" ", 3);
        long stalePid = Long.parseLong(parts[1]);
        Path staleData = Path.of(parts[2]);
        assertThat(ProcessHandle.of(stalePid).map(ProcessHandle::isAlive).orElse(false))
                .as("the orphaned postmaster outlived its JVM").isTrue();

        try (PostgresServer fresh = PostgresServer.launch()) {
            assertThat(fresh.isRunning()).isTrue();
            assertThat(ProcessHandle.of(stalePid).map(ProcessHandle::isAlive).orElse(false))
                    .as("stale postmaster killed").isFalse();
            assertThat(Files.exists(staleData.getParent())).as("stale directory deleted").isFalse();
        }
    }
}
