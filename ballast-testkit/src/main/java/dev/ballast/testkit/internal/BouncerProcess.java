package dev.ballast.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * One running {@code pgbouncer} process: writes its configuration into the bouncer's registry directory, starts it
 * in the foreground (as {@code nobody} when this JVM is root, since PgBouncer refuses to run as root), records its pid
 * for {@link ServerRegistry}'s stale-process reaper, and waits until it accepts connections.
 */
public final class BouncerProcess {

    /** The file name of the users list, relative to the configuration file. */
    public static final String USERS_FILE = "users.txt";

    /** The file name of the HBA rules ({@code auth_type = hba}), relative to the configuration file. */
    public static final String HBA_FILE = "hba.txt";

    /** The file, in the registry directory, holding the pid of a running bouncer. */
    static final String PID_FILE = "pgbouncer.pid";

    private static final Duration READY_WAIT = Duration.ofSeconds(15);
    private static final String UNPRIVILEGED = "nobody";

    private final Process process;
    private final int port;
    private final Path directory;

    private BouncerProcess(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    /**
     * Starts on a free port, trying another one if the chosen port was taken in between.
     *
     * @param binary the pgbouncer executable
     * @param directory the registry directory to keep its files in
     * @param config the ini text for a port
     * @param files the files it reads beside its configuration (the {@code auth_file}, ...), name to text; readable
     *     by the bouncer's user only
     * @return the running process
     */
    public static BouncerProcess startOnFreePort(Path binary, Path directory, IntFunction<String> config,
            Map<String, String> files) {
        UncheckedIOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return start(binary, directory, freePort(), config, files);
            } catch (UncheckedIOException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Starts on the given port.
     *
     * @param binary the pgbouncer executable
     * @param directory the registry directory to keep its files in
     * @param port the port to listen on
     * @param config the ini text for a port
     * @param files the files it reads beside its configuration, name to text; readable by the bouncer's user only
     * @return the running process
     * @throws UncheckedIOException if it exits before accepting connections, or does not accept them in 15 s
     */
    public static BouncerProcess start(Path binary, Path directory, int port, IntFunction<String> config,
            Map<String, String> files) {
        Path dir = directory.resolve("bouncer");
        Path log = directory.resolve("pgbouncer.out");
        try {
            Files.createDirectories(dir);
            Path ini = dir.resolve("pgbouncer.ini");
            Files.writeString(ini, config.apply(port), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = dir.resolve(f.getKey());
                Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            List<String> command = new ArrayList<>(List.of(binary.toString()));
            if (isRoot()) {
                giveTo(dir, UNPRIVILEGED);
                command.add("-u");
                command.add(UNPRIVILEGED);
            }
            command.add(ini.toString());
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Files.writeString(directory.resolve(PID_FILE), Long.toString(p.pid()), StandardCharsets.UTF_8);
            BouncerProcess started = new BouncerProcess(p, port, directory);
            started.awaitReady(log);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start pgbouncer on port " + port, e);
        }
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** @return the last lines of its log, joined with {@code |} */
    public String logTail() {
        return tail(directory.resolve("pgbouncer.out"));
    }

    /** @return its pid */
    public long pid() {
        return process.pid();
    }

    /** @return whether it runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops it with SIGTERM (immediate shutdown), killing it if it has not exited within 10 s, and waits. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(directory.resolve(PID_FILE));
        } catch (IOException ignored) {
            // the reaper checks that the pid is a pgbouncer before it kills anything
        }
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new UncheckedIOException(new IOException("pgbouncer exited with code " + process.exitValue()
                        + " before accepting connections on port " + port + "; its log: " + tail(log)));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        stop();
        throw new UncheckedIOException(new IOException("pgbouncer did not accept connections on port " + port
                + " within " + READY_WAIT.toSeconds() + " s; its log: " + tail(log)));
    }

    private static String tail(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            return String.join(" | ", all.subList(Math.max(0, all.size() - 5), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void giveTo(Path dir, String user) throws IOException {
        UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                Files.setOwner(p, owner);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * @param directory a registry directory
     * @return the pid of the pgbouncer recorded there, or -1
     */
    static long recordedPid(Path directory) {
        try {
            return Long.parseLong(Files.readString(directory.resolve(PID_FILE), StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
