package dev.ballast.internal.topology;

import dev.ballast.DatabaseOptions;
import dev.ballast.event.BallastListener;
import dev.ballast.internal.config.HostPort;
import dev.ballast.internal.config.ParsedConnection;
import dev.ballast.internal.config.PgAddress;
import dev.ballast.internal.event.ListenerSupport;
import dev.ballast.internal.pool.Pool;
import dev.ballast.internal.time.Clock;
import dev.ballast.pool.BallastPool;
import dev.ballast.pool.HostStatus;
import dev.ballast.pool.PoolConfig;
import dev.ballast.pool.PoolStats;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Several servers behind one pool: a {@link Pool} per host (each with MaxPoolSize − 1 connections, the last being the
 * monitor's probe connection, so a host never holds more than MaxPoolSize), a {@link HostBreaker} per host, one
 * {@link TopologyMonitor}, and the routing. {@link #getConnection()} is the primary's (see {@link PrimaryWait} for
 * when there is none that takes writes); {@link #readConnection()} a standby's within the lag bound and with its
 * breaker closed, else the primary's. A connection stays on its host: a transaction never changes host midway.
 * Thread-safe.
 */
public final class Cluster implements BallastPool, RoutingDataSourceDefaults, ReadRouting, SameServer {

    private final String name;
    private final List<HostPort> hosts;
    private final List<Pool> pools = new ArrayList<>();
    private final List<HostBreaker> breakers = new ArrayList<>();
    private final TopologyState state;
    private final TopologyMonitor monitor;
    private final ReadChoice choice;
    private final ReplayWait replay;
    private final Clock clock;
    private final PrimaryWait primaryWait;
    private final boolean readYourWrites;
    private final DataSource reads;
    private final DataSource readsStale;
    private final DataSource readsAfterWrites;
    private volatile Consumer<HostView> served = h -> {};

    private Cluster(DatabaseOptions options, PoolConfig base, BallastListener listener, Clock clock) {
        ParsedConnection parsed = ParsedConnection.parse(options.url());
        this.hosts = HostList.resolve(parsed.address());
        this.name = base.poolName();
        this.clock = clock;
        this.readYourWrites = options.readYourWrites();
        this.choice = new ReadChoice(options.maxReplicaLag().toNanos(), options.loadBalanceHosts());
        long horizon = Math.max(2 * options.maxReplicaLag().toNanos(), 10 * options.topologyProbeInterval().toNanos());
        ClusterEvents events = new ClusterEvents(name, hosts, pools, listener);
        this.state = new TopologyState(hosts, horizon, events, clock.nanoTime());
        Driver pgjdbc = new org.postgresql.Driver();
        List<HostProber> probers = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            String url = parsed.address().withHosts(List.of(hosts.get(i))).withPort(null).toJdbcUrl();
            probers.add(new HostProber(hosts.get(i), url, pgjdbc, probeProperties(options)));
        }
        this.primaryWait = new PrimaryWait(name, state, breakers, base.connectionTimeout().toNanos(),
                options.circuitBreakerConfig().breakDuration(), clock);
        for (int i = 0; i < hosts.size(); i++) {
            int index = i;
            breakers.add(new HostBreaker(hosts.get(i).toString(), options.circuitBreakerConfig(),
                    options.sqlStateClassifier(), base.maxPoolSize() - 1, clock, open -> brokenChanged(index, open)));
        }
        this.monitor = new TopologyMonitor(probers, state, clock, "ballast-" + name + "-topology",
                (host, result) -> breakers.get(host).probed(result.reachable()));
        this.replay = new ReplayWait(options.readYourWritesTimeout().toNanos(), clock);
        try {
            for (int i = 0; i < hosts.size(); i++) {
                String url = parsed.address().withHosts(List.of(hosts.get(i))).withPort(null).toJdbcUrl();
                pools.add(Pool.start(hostConfig(base, url, i, options, pgjdbc), hostListener(listener, i), clock));
            }
            monitor.start(options.topologyProbeInterval().toNanos());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.reads = new RoutedDataSource(name, () -> readConnection(readYourWrites));
        this.readsStale = new RoutedDataSource(name, () -> readConnection(false));
        this.readsAfterWrites = new RoutedDataSource(name, () -> readConnection(true));
    }

    /**
     * Starts the pools and the monitor. Returns at once; roles are known after the first probes (milliseconds).
     *
     * @param options the options (hosts, replica keys)
     * @param base the pool configuration every host's pool starts from
     * @param listener pool events
     * @param clock the clock
     * @return the running cluster
     */
    public static Cluster start(DatabaseOptions options, PoolConfig base, BallastListener listener, Clock clock) {
        return new Cluster(options, base, listener, clock);
    }

    /**
     * @param options options
     * @return true if the connection string names more than one host
     */
    public static boolean isMultiHost(DatabaseOptions options) {
        return ParsedConnection.parse(options.url()).address().hosts().size() > 1;
    }

    private PoolConfig hostConfig(PoolConfig base, String url, int index, DatabaseOptions options, Driver pgjdbc) {
        int max = base.maxPoolSize() - 1; // the monitor's probe connection is the last one
        Predicate<SQLException> fatal = base.fatalErrors();
        return base.toBuilder()
                .jdbcUrl(url)
                .maxPoolSize(max)
                .minPoolSize(Math.min(base.minPoolSize(), max))
                .poolName(base.poolName() + "@" + hosts.get(index))
                .driver(new RateLimitedDriver(pgjdbc, new ConnectRate(options.hostConnectRate()), clock))
                .fatalErrors(e -> {
                    boolean isFatal = fatal.test(e);
                    breakers.get(index).failedOnConnection(e);
                    signal(index, e);
                    return isFatal;
                })
                .build();
    }

    /** The host's pool events go to the pool's listeners and feed the host's breaker. */
    private BallastListener hostListener(BallastListener shared, int index) {
        HostBreaker breaker = breakers.get(index);
        return shared instanceof ListenerSupport all ? all.with(breaker)
                : new ListenerSupport(List.of(shared, breaker));
    }

    /** A host's breaker opened (or closed): route around it; a broken host is probed at once. */
    private void brokenChanged(int index, boolean open) {
        state.broken(index, open);
        if (open) {
            monitor.wake();
        }
    }

    private static Properties probeProperties(DatabaseOptions options) {
        Properties p = new Properties();
        if (options.username() != null) {
            p.setProperty("user", options.username());
        }
        if (!options.password().isEmpty()) {
            p.setProperty("password", options.password().reveal());
        }
        String seconds = Long.toString(Math.max(2, 2 * (options.topologyProbeInterval().toMillis() + 999) / 1000));
        p.setProperty("connectTimeout", seconds);
        p.setProperty("loginTimeout", seconds);
        p.setProperty("socketTimeout", seconds);
        p.setProperty("ApplicationName", options.applicationName() + "-monitor");
        return p;
    }

    /**
     * A connection of this host reported an error: 25006 (it turned read-only), 57P01 (shut down) or class 08 (lost)
     * probe every host at once; the last two also keep reads off the host until its probe answers.
     */
    private void signal(int index, SQLException e) {
        String sqlState = e.getSQLState();
        if (sqlState == null) {
            return;
        }
        boolean lost = sqlState.startsWith("08") || sqlState.equals("57P01");
        if (lost) {
            state.suspect(index, e.getMessage());
        }
        if (lost || sqlState.equals("25006")) {
            monitor.wake();
        }
    }

    /** @return the latest topology snapshot */
    public Topology topology() {
        return state.current();
    }

    /** @return every host's role, state, lag and pool statistics now, in connection-string order */
    public List<HostStatus> hostStatuses() {
        List<HostView> views = state.current().hosts();
        List<HostStatus> out = new ArrayList<>(views.size());
        for (int i = 0; i < views.size(); i++) {
            HostView h = views.get(i);
            boolean up = h.role() != Role.DOWN;
            String role = up ? h.role().label() : Role.UNKNOWN.label();
            Double lag = !up || h.lagNanos() < 0 ? null : Math.round(h.lagNanos() / 1e6) / 1000.0;
            out.add(new HostStatus(h.host().toString(), role, up, lag, hostStats(i), h.fenced(),
                    breakers.get(i).state().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return List.copyOf(out);
    }

    /** @return the hosts in connection-string order */
    public List<HostPort> hosts() {
        return hosts;
    }

    /** @return health data: every host with its role, lag and problem; see {@code docs/replicas.md} */
    public Map<String, Object> healthData() {
        return ClusterHealth.data(state.current(), choice.maxLagNanos(), this::breakerState);
    }

    /**
     * @param index a host's index
     * @return its circuit breaker's state now
     */
    public dev.ballast.resilience.CircuitState breakerState(int index) {
        return breakers.get(index).state();
    }

    /** @return what makes the cluster degraded (no primary, a host down), or null */
    public String healthProblems() {
        return ClusterHealth.problems(state.current());
    }

    /** @return the standbys beyond MaxReplicaLagSeconds, for people, or null when none is */
    public String laggingStandbys() {
        return ClusterHealth.lagging(state.current(), choice.maxLagNanos());
    }

    /**
     * @param index a host's index
     * @return its pool's statistics (the probe connection not included)
     */
    public PoolStats hostStats(int index) {
        return pools.get(index).stats();
    }

    /**
     * @param index a host's index
     * @return whether the monitor's probe connection to it is open
     */
    public boolean probeConnected(int index) {
        return monitor.connected(index);
    }

    /** @return a data source for reads, read-your-writes as the ReadYourWrites key says */
    public DataSource readDataSource() {
        return reads;
    }

    /**
     * @param readYourWrites false for reads that may lag up to the bound, true for reads that see every write
     *     acknowledged before them
     * @return a data source for reads
     */
    public DataSource readDataSource(boolean readYourWrites) {
        return readYourWrites ? readsAfterWrites : readsStale;
    }

    /**
     * @param observer told, on the borrowing thread, which host each connection handed out by
     *     {@link #getConnection()} or the read data sources is on (tracing names it on the caller's span)
     */
    public void onServed(Consumer<HostView> observer) {
        this.served = observer;
    }

    /** The primary's connection; see the class comment. */
    @Override
    public Connection getConnection() throws SQLException {
        int index = primaryIndex();
        Connection c = pools.get(index).getConnection();
        served.accept(state.current().hosts().get(index));
        return c;
    }

    @Override
    public Connection readConnection() throws SQLException {
        return readConnection(readYourWrites);
    }

    private Connection readConnection(boolean afterWrites) throws SQLException {
        Topology t = state.current();
        long mustHave = -1;
        if (afterWrites) {
            mustHave = replay.primaryPosition(pools.get(primaryIndex()));
        }
        HostView standby = choice.pick(t, mustHave);
        if (standby == null && afterWrites) {
            standby = choice.pick(t, -1); // none has replayed it yet, as far as the monitor knows: wait on one
        }
        if (standby != null) {
            int index = hosts.indexOf(standby.host());
            Connection c = null;
            try {
                c = pools.get(index).getConnection();
                if (mustHave < 0 || replay.caughtUp(c, mustHave)) {
                    c.setReadOnly(true);
                    served.accept(standby);
                    return c;
                }
            } catch (SQLException e) {
                state.suspect(index, e.getMessage()); // fall back to the primary rather than wait on this standby
            }
            if (c != null) {
                c.close();
            }
        }
        Connection c = getConnection();
        c.setReadOnly(true);
        return c;
    }

    /**
     * @param connection a connection this cluster handed out
     * @return the host it is connected to as the monitor sees it now, or null if it is not one of this cluster's
     */
    public HostView hostOf(Connection connection) {
        for (int i = 0; i < pools.size(); i++) {
            if (pools.get(i).handedOut(connection)) {
                return state.current().hosts().get(i);
            }
        }
        return null;
    }

    @Override
    public DataSource sameServerAs(Connection connection) {
        for (int i = 0; i < pools.size(); i++) {
            if (pools.get(i).handedOut(connection)) {
                int host = i;
                return new RoutedDataSource(name, () -> sameServerConnection(host));
            }
        }
        return null;
    }

    private Connection sameServerConnection(int host) throws SQLException {
        Topology t = state.current();
        HostView now = t.primaryHost();
        if (now != null && t.primary() != host) {
            throw new SQLNonTransientConnectionException("the transaction ran on " + hosts.get(host) + ", which is "
                    + t.hosts().get(host).role().label() + " now while " + now.host() + " is the primary: only "
                    + hosts.get(host) + " could tell whether it committed");
        }
        return pools.get(host).getConnection();
    }

    /** The primary's index: at once in the steady state (one volatile read), else waiting as {@link PrimaryWait} says. */
    private int primaryIndex() throws SQLException {
        Topology t = state.current();
        return t.primaryHost() != null ? t.primary() : primaryWait.await(t);
    }

    @Override
    public PoolStats stats() {
        return HostStatsSum.of(pools);
    }

    @Override
    public void evictAll() {
        pools.forEach(Pool::evictAll);
    }

    /** @return the configuration of the first host's pool (every host's differs only in URL and name) */
    @Override
    public PoolConfig config() {
        return pools.get(0).config();
    }

    @Override
    public boolean isClosed() {
        return pools.isEmpty() || pools.get(0).isClosed();
    }

    @Override
    public void close() {
        monitor.close();
        pools.forEach(Pool::close);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Pool '" + name + "' uses the configured credentials");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Pool '" + name + "' does not wrap a " + iface.getName());
    }

    @Override
    public String toString() {
        return "Cluster[" + name + ", " + state.current() + "]";
    }
}
