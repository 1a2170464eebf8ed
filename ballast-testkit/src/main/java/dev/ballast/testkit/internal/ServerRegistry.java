package dev.ballast.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every test server tied to the JVM that started it. Each server gets a directory under
 * {@code ${java.io.tmpdir}/ballast-testkit} holding its data directory and an {@code owner} file (the JVM's pid and
 * start time). A shutdown hook closes the servers still open when this JVM exits; servers whose owner JVM died
 * without running its hooks (SIGKILL) are killed and deleted when the next server registers.
 */
public final class ServerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRegistry.class);
    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "ballast-testkit");
    /** Bouncers live apart from servers, so that a reaper that knows only servers never deletes a live bouncer's pid. */
    private static final Path BOUNCER_ROOT = Path.of(System.getProperty("java.io.tmpdir"), "ballast-testkit-pgbouncer");
    private static final List<Entry> OPEN = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private ServerRegistry() {}

    /**
     * Reaps stale servers, then creates a directory for a new one.
     *
     * @param closer closes the new server; run by the shutdown hook if the server is still open at exit
     * @return the new server's entry
     */
    public static Entry register(Runnable closer) {
        return register(ROOT, closer);
    }

    /**
     * Reaps stale servers and bouncers, then creates a directory for a new PgBouncer.
     *
     * @param closer closes the new bouncer; run by the shutdown hook if it is still open at exit
     * @return the new bouncer's entry
     */
    public static Entry registerBouncer(Runnable closer) {
        return register(BOUNCER_ROOT, closer);
    }

    private static Entry register(Path root, Runnable closer) {
        installHook();
        reapStale(ROOT);
        reapStale(BOUNCER_ROOT);
        ProcessHandle self = ProcessHandle.current();
        Path dir = root.resolve("pg-" + self.pid() + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("owner"), self.pid() + " " + startMillis(self), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create test server directory " + dir, e);
        }
        Entry entry = new Entry(dir, closer);
        OPEN.add(entry);
        return entry;
    }

    /**
     * @param dataDirectory a server's data directory
     * @return the pid in its {@code postmaster.pid}, or -1 if there is none
     */
    public static long postmasterPid(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Kills a process with SIGKILL and waits for it and every process it had started to exit (PostgreSQL's
     * backends notice their postmaster's death and exit by themselves; stragglers are killed too).
     *
     * @param pid the process to kill
     * @param timeout how long to wait for all of them
     */
    public static void killTree(long pid, Duration timeout) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return;
        }
        List<ProcessHandle> children = handle.get().descendants().toList();
        handle.get().destroyForcibly();
        awaitExit(handle.get(), timeout);
        for (ProcessHandle child : children) {
            if (!awaitExit(child, timeout)) {
                child.destroyForcibly();
                awaitExit(child, timeout);
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void installHook() {
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (Entry e : OPEN) {
                    e.closer.run();
                }
            }, "ballast-testkit-shutdown"));
        }
    }

    private static void reapStale(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                if (isStale(dir)) {
                    long pid = postmasterPid(dir.resolve("data"));
                    if (pid > 0 && isPostgres(pid)) {
                        LOG.warn("stopping stale PostgreSQL (pid {}) left by a dead JVM in {}", pid, dir);
                        killTree(pid, Duration.ofSeconds(30));
                    }
                    long bouncer = BouncerProcess.recordedPid(dir);
                    if (bouncer > 0 && isPgBouncer(bouncer)) {
                        LOG.warn("stopping stale pgbouncer (pid {}) left by a dead JVM in {}", bouncer, dir);
                        killTree(bouncer, Duration.ofSeconds(30));
                    }
                    deleteTree(dir);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not scan {} for stale test servers", root, e);
        }
    }

    private static boolean isStale(Path dir) {
        try {
            String[] owner = Files.readString(dir.resolve("owner"), StandardCharsets.UTF_8).trim().split(" ");
            long pid = Long.parseLong(owner[0]);
            long started = Long.parseLong(owner[1]);
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            return process.isEmpty() || !process.get().isAlive() || startMillis(process.get()) != started;
        } catch (IOException | RuntimeException e) {
            return false; // being created right now, or not ours: leave it alone
        }
    }

    private static boolean isPostgres(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(p -> p.info().command())
                .map(cmd -> cmd.endsWith("/postgres") || cmd.endsWith("postgres"))
                .orElse(false);
    }

    private static boolean isPgBouncer(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(p -> p.info().command())
                .map(cmd -> cmd.endsWith("pgbouncer"))
                .orElse(false);
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}", dir, e);
        }
    }

    /** One registered server's directory. */
    public static final class Entry {
        private final Path directory;
        private final Runnable closer;

        private Entry(Path directory, Runnable closer) {
            this.directory = directory;
            this.closer = closer;
        }

        /** @return the registry directory itself (a bouncer keeps its files and pid there) */
        public Path directory() {
            return directory;
        }

        /** @return the server's data directory (inside its registry directory) */
        public Path dataDirectory() {
            return directory.resolve("data");
        }

        /** Deletes the server's directory and forgets it. Call only once its server has stopped. */
        public void delete() {
            OPEN.remove(this);
            deleteTree(directory);
        }
    }
}
