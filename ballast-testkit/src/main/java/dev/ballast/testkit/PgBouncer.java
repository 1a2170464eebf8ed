package dev.ballast.testkit;

import dev.ballast.testkit.internal.AdminConsole;
import dev.ballast.testkit.internal.BouncerProcess;
import dev.ballast.testkit.internal.ServerRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A real PgBouncer (the operating system's {@code pgbouncer} binary, e.g. Debian's package) in front of a
 * {@link PostgresServer}, for tests of an application that reaches PostgreSQL through a connection pooler.
 *
 * <pre>{@code
 * assumeTrue(PgBouncer.isInstalled(), PgBouncer.NOT_INSTALLED);
 * try (PostgresServer pg = PostgresServer.launch();
 *      PgBouncer bouncer = PgBouncer.launch(pg, PgBouncer.PoolMode.TRANSACTION)) {
 *     String url = bouncer.jdbcUrl();      // jdbc:postgresql://127.0.0.1:<port>/postgres, same user as pg
 *     bouncer.pause();                     // PAUSE on the admin console: queries wait, nothing fails
 *     bouncer.resume();                    // RESUME: waiting queries run
 *     bouncer.restart();                   // process stopped and started on the same port: clients are cut
 *     List<Map<String, String>> pools = bouncer.show("POOLS");
 * }
 * }</pre>
 *
 * <p>It listens on a free loopback port and forwards every database name to the server. Clients log in as the
 * server's user ({@link PostgresServer#USERNAME}) with the server's (empty) password: the bouncer trusts loopback
 * like the server does, and lists the user in its {@code auth_file}. With {@link Builder#password} the bouncer asks
 * for a password instead ({@code md5} or {@code scram-sha-256}), as production bouncers do. That user is also the
 * admin of the console
 * (database {@code pgbouncer}, reached with a small wire-protocol client since pgjdbc's connect-time
 * {@code SET extra_float_digits} is refused there). pgjdbc's {@code extra_float_digits} start-up parameter is ignored, as PgBouncer
 * deployments for Java clients configure it. When the JVM runs as root, PgBouncer (which refuses to run as root) is
 * started with {@code -u nobody} and its directory is given to that user.
 *
 * <p>The process never outlives its JVM: {@link #close()} and a shutdown hook stop it, and one left behind by a JVM
 * killed outright is stopped by the next testkit start on the machine (as for {@link PostgresServer}).
 *
 * <p><b>Thread-safety:</b> control methods are serialised by a lock; accessors may be called from any thread.
 */
public final class PgBouncer implements AutoCloseable {

    /** The message a test skips with when {@link #isInstalled()} is false. */
    public static final String NOT_INSTALLED = "pgbouncer is not installed (apt-get install -y pgbouncer); "
            + "tests that need a real PgBouncer are skipped";

    /** How PgBouncer hands server connections to clients ({@code pool_mode}). */
    public enum PoolMode {
        /** A client keeps one server connection until it disconnects ({@code pool_mode = session}). */
        SESSION,
        /** A client holds a server connection only for one transaction ({@code pool_mode = transaction}). */
        TRANSACTION
    }

    /** How the bouncer checks a client's password ({@link Builder#password}). */
    public enum AuthMethod {
        /** {@code md5}: the client sends an MD5 digest of the password. */
        MD5("md5"),
        /** {@code scram-sha-256}: a SCRAM exchange; the password never crosses the wire. */
        SCRAM_SHA_256("scram-sha-256");

        private final String hbaName;

        AuthMethod(String hbaName) {
            this.hbaName = hbaName;
        }
    }

    private final PostgresServer server;
    private final PoolMode mode;
    private final Map<String, String> settings;
    private final AuthMethod authMethod;
    private final String password;
    private final ServerRegistry.Entry entry;
    private final ReentrantLock control = new ReentrantLock();
    private volatile BouncerProcess process;
    private volatile int lastPort;
    private volatile boolean closed;

    private PgBouncer(Builder b) {
        this.server = b.server;
        this.mode = b.mode;
        this.settings = new LinkedHashMap<>(b.settings);
        this.authMethod = b.authMethod;
        this.password = b.password;
        this.entry = ServerRegistry.registerBouncer(this::close);
        try {
            BouncerProcess started = BouncerProcess.startOnFreePort(binary().orElseThrow(
                    () -> new IllegalStateException(NOT_INSTALLED)), entry.directory(), this::config, files());
            this.lastPort = started.port();
            this.process = started;
        } catch (RuntimeException e) {
            entry.delete();
            throw e;
        }
    }

    /** @return whether a {@code pgbouncer} binary was found ({@code /usr/sbin/pgbouncer} or on the PATH) */
    public static boolean isInstalled() {
        return binary().isPresent();
    }

    static Optional<Path> binary() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/sbin/pgbouncer"), Path.of("/usr/bin/pgbouncer")));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "pgbouncer"));
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts a bouncer in front of {@code server} with default settings.
     *
     * @param server the server it forwards to
     * @param mode its pool mode
     * @return the running bouncer
     * @throws IllegalStateException if pgbouncer is not installed
     * @throws UncheckedIOException if it cannot start
     */
    public static PgBouncer launch(PostgresServer server, PoolMode mode) {
        return builder(server).poolMode(mode).build();
    }

    /**
     * @param server the server the bouncer forwards to
     * @return a builder (defaults: transaction mode, {@code default_pool_size = 20}, {@code max_client_conn = 200})
     */
    public static Builder builder(PostgresServer server) {
        return new Builder(server);
    }

    /** @return the loopback address the bouncer listens on */
    public String host() {
        return "127.0.0.1";
    }

    /** @return its TCP port (stable across {@link #restart()}) */
    public int port() {
        BouncerProcess p = process;
        return p == null ? lastPort : p.port();
    }

    /** @return its pool mode */
    public PoolMode poolMode() {
        return mode;
    }

    /** @return the server behind it */
    public PostgresServer server() {
        return server;
    }

    /** @return the JDBC URL of the {@code postgres} database through the bouncer */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /**
     * @param database a database name on the server
     * @return its JDBC URL through the bouncer
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** @return the user clients log in as: the server's, {@value PostgresServer#USERNAME} */
    public String username() {
        return server.username();
    }

    /** @return the password clients log in with: the one given to {@link Builder#password}, else the server's (empty) */
    public String password() {
        return password != null ? password : server.password();
    }

    /** @return the PgBouncer process id, or -1 while it is stopped */
    public long pid() {
        BouncerProcess p = process;
        return p == null ? -1 : p.pid();
    }

    /** @return whether the process is running */
    public boolean isRunning() {
        BouncerProcess p = process;
        return p != null && p.isAlive();
    }

    /**
     * Opens a plain JDBC connection to the {@code postgres} database through the bouncer.
     *
     * @return a new connection; the caller closes it
     * @throws SQLException if the bouncer refuses it
     */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username());
        props.setProperty("password", password());
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    /**
     * Runs {@code SHOW <what>} on the admin console, e.g. {@code show("POOLS")}, {@code show("CLIENTS")}.
     *
     * @param what what to show: letters only
     * @return one map per row, column name to text value, in column order
     * @throws SQLException if the console cannot be reached
     */
    public List<Map<String, String>> show(String what) throws SQLException {
        if (!what.matches("[A-Za-z_]+")) {
            throw new IllegalArgumentException("SHOW takes a word, but was '" + what + "'");
        }
        return console("SHOW " + what);
    }

    /**
     * {@code PAUSE}: PgBouncer waits for every server connection to be released (in transaction mode, for running
     * transactions to end), then holds new queries until {@link #resume()}. Returns once the pause is in force.
     *
     * @throws SQLException if the console cannot be reached
     */
    public void pause() throws SQLException {
        adminCommand("PAUSE");
    }

    /**
     * {@code RESUME}: queries held by {@link #pause()} run.
     *
     * @throws SQLException if the console cannot be reached, or the bouncer is not paused
     */
    public void resume() throws SQLException {
        adminCommand("RESUME");
    }

    /** Stops the process (SIGTERM: clients are disconnected at once). Does nothing if it is stopped. */
    public void stop() {
        control.lock();
        try {
            BouncerProcess p = process;
            if (p != null) {
                lastPort = p.port();
                process = null;
                p.stop();
            }
        } finally {
            control.unlock();
        }
    }

    /**
     * Starts the process again on the same port. Does nothing if it runs.
     *
     * @throws IllegalStateException if the bouncer was closed
     */
    public void start() {
        control.lock();
        try {
            if (closed) {
                throw new IllegalStateException("PgBouncer was closed; launch a new one instead");
            }
            if (process == null) {
                process = BouncerProcess.start(binary().orElseThrow(), entry.directory(), lastPort, this::config,
                        files());
            }
        } finally {
            control.unlock();
        }
    }

    /** Stops and starts the process on the same port: every client connection is cut, new ones work at once. */
    public void restart() {
        control.lock();
        try {
            stop();
            start();
        } finally {
            control.unlock();
        }
    }

    /** Stops the process and deletes its directory. Idempotent. */
    @Override
    public void close() {
        control.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            stop();
            entry.delete();
        } finally {
            control.unlock();
        }
    }

    private void adminCommand(String command) throws SQLException {
        console(command);
    }

    private List<Map<String, String>> console(String command) throws SQLException {
        try {
            return AdminConsole.run(host(), port(), username(), command);
        } catch (SQLException e) {
            BouncerProcess p = process;
            throw new SQLException(e.getMessage() + (p == null ? " (pgbouncer is stopped)" : "; pgbouncer's log: "
                    + p.logTail()), e.getSQLState(), e);
        }
    }

    private String config(int port) {
        StringBuilder ini = new StringBuilder();
        ini.append("[databases]\n* = host=").append(server.host()).append(" port=").append(server.port()).append('\n');
        ini.append("[pgbouncer]\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("listen_addr", host());
        all.put("listen_port", Integer.toString(port));
        all.put("unix_socket_dir", "");
        if (authMethod == null) {
            all.put("auth_type", "trust");
        } else {
            all.put("auth_type", "hba"); // the admin console trusted, every database behind a password
            all.put("auth_hba_file", BouncerProcess.HBA_FILE);
        }
        all.put("auth_file", BouncerProcess.USERS_FILE);
        all.put("admin_users", username());
        all.put("pool_mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        all.put("ignore_startup_parameters", "extra_float_digits");
        all.put("default_pool_size", "20");
        all.put("max_client_conn", "200");
        all.putAll(settings);
        all.forEach((k, v) -> ini.append(k).append(" = ").append(v).append('\n'));
        return ini.toString();
    }

    /** @return the directory holding the bouncer's files (its configuration under {@code bouncer/}) */
    Path directory() {
        return entry.directory();
    }

    /** The files beside the configuration: the users list and, with a password, the HBA rules. */
    Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(BouncerProcess.USERS_FILE, "\"" + username() + "\" \"" + password().replace("\"", "\"\"") + "\"\n");
        if (authMethod != null) {
            files.put(BouncerProcess.HBA_FILE, "host pgbouncer " + username() + " 127.0.0.1/32 trust\n"
                    + "host all all 127.0.0.1/32 " + authMethod.hbaName + "\n");
        }
        return files;
    }

    @Override
    public String toString() {
        return "PgBouncer[" + host() + ":" + port() + ", " + mode + (authMethod == null ? "" : ", " + authMethod)
                + (process == null ? ", stopped" : ", running") + " -> " + server + "]";
    }

    /** Builds a {@link PgBouncer}. */
    public static final class Builder {
        private final PostgresServer server;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private PoolMode mode = PoolMode.TRANSACTION;
        private AuthMethod authMethod;
        private String password;

        private Builder(PostgresServer server) {
            this.server = Objects.requireNonNull(server, "server");
        }

        /**
         * @param mode the pool mode (default {@link PoolMode#TRANSACTION})
         * @return this builder
         */
        public Builder poolMode(PoolMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets a {@code [pgbouncer]} setting, e.g. {@code setting("default_pool_size", "5")}.
         *
         * @param name the setting
         * @param value its value, on one line
         * @return this builder
         * @throws IllegalArgumentException if the name is not a setting name or the value spans lines
         */
        public Builder setting(String name, String value) {
            if (!Objects.requireNonNull(name, "name").matches("[a-z_]+")) {
                throw new IllegalArgumentException("not a pgbouncer setting name: '" + name + "'");
            }
            if (Objects.requireNonNull(value, "value").contains("\n")) {
                throw new IllegalArgumentException("setting " + name + " must fit on one line");
            }
            settings.put(name, value);
            return this;
        }

        /**
         * Makes clients log in with a password, checked by the bouncer (the server behind it still trusts the
         * bouncer). Only the admin console ({@link PgBouncer#show}, {@link PgBouncer#pause}) stays open without one. The password is
         * kept in the bouncer's {@code auth_file}, readable by its user only.
         *
         * @param method how the bouncer checks it
         * @param password the password of {@link PgBouncer#username()}, not empty
         * @return this builder
         * @throws IllegalArgumentException if the password is empty or spans lines
         */
        public Builder password(AuthMethod method, String password) {
            if (Objects.requireNonNull(password, "password").isEmpty() || password.contains("\n")) {
                throw new IllegalArgumentException("the bouncer password must be one non-empty line");
            }
            this.authMethod = Objects.requireNonNull(method, "method");
            this.password = password;
            return this;
        }

        /**
         * Starts the bouncer.
         *
         * @return the running bouncer
         * @throws IllegalStateException if pgbouncer is not installed
         * @throws UncheckedIOException if it cannot start
         */
        public PgBouncer build() {
            return new PgBouncer(this);
        }
    }
}
