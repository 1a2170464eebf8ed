package dev.ballast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL primary with hot standbys streaming from it, for tests of replica routing and failover, without
 * Docker. Every node is a {@link PostgresServer} from the same embedded binaries, with a {@link FaultProxy} in front
 * of it ({@link ReplicaNode}); clients, and standbys streaming from a node, go through its proxy.
 *
 * <pre>{@code
 * try (ReplicaSet set = ReplicaSet.launch(2)) {           // node0 primary; node1, node2 standbys
 *     String url = set.jdbcUrl();                          // jdbc:postgresql://127.0.0.1:p0,127.0.0.1:p1,.../postgres
 *     ReplicaNode standby = set.standbys().get(0);
 *     set.pauseReplay(standby);                            // lag on demand
 *     set.replayLagBytes(standby);                         // measured from WAL positions
 *     set.resumeReplay(standby);
 *     set.primary().server().crash();                      // or stop()
 *     set.failover(standby);                               // pg_promote(), then the others follow it
 *     set.demote(oldPrimary);                              // a stopped old primary follows the new one
 *     set.switchover(standby);                             // a running primary stopped, promoted over, demoted
 *     set.partition(standby);  set.heal(standby);          // network faults through the node's proxy
 * }
 * }</pre>
 *
 * <p>How it is built: the primary starts with streaming replication enabled ({@code wal_level=replica},
 * {@code hot_standby=on}, wal senders, a replication line in {@code pg_hba.conf}) and one physical replication slot
 * per standby, so it keeps the WAL a paused or disconnected standby still needs. It is then stopped cleanly, its
 * data directory copied once per standby (the embedded binaries have no {@code pg_basebackup}), each copy started
 * with {@code standby.signal} and {@code primary_conninfo}, and the primary started again. Standbys follow timeline
 * switches ({@code recovery_target_timeline=latest}), so after a promotion the others can be re-pointed.
 *
 * <p>Servers never outlive the JVM (see {@link PostgresServer}); {@link #close()} stops every node and proxy.
 *
 * <p><b>Thread-safety:</b> controls are serialised by a lock; accessors may be called from any thread.
 */
public final class ReplicaSet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSet.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final Duration CONTROL_WAIT = Replication.CONTROL_WAIT;

    private final List<ReplicaNode> nodes;
    private final ReentrantLock control = new ReentrantLock();
    private volatile ReplicaNode primary;

    private ReplicaSet(List<ReplicaNode> nodes) {
        this.nodes = List.copyOf(nodes);
        this.primary = nodes.get(0);
    }

    /**
     * Starts a primary and {@code standbys} hot standbys with the default settings, and waits until every standby
     * streams.
     *
     * @param standbys how many standbys, at least 1
     * @return the running set
     * @throws IllegalArgumentException if {@code standbys} is less than 1
     * @throws UncheckedIOException if a server cannot start
     */
    public static ReplicaSet launch(int standbys) {
        return builder().standbys(standbys).build();
    }

    /** @return a builder for a set with custom settings */
    public static Builder builder() {
        return new Builder();
    }

    /** @return every node, in creation order ({@code node0} first) */
    public List<ReplicaNode> nodes() {
        return nodes;
    }

    /**
     * @param name a node's name, e.g. {@code node1}
     * @return that node
     * @throws IllegalArgumentException if the set has no such node
     */
    public ReplicaNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node named '" + name + "' in " + this));
    }

    /** @return the node the set made primary: {@code node0} until a {@link #promote(ReplicaNode)} */
    public ReplicaNode primary() {
        return primary;
    }

    /** @return every node except the {@link #primary()}, in creation order (including stopped ones) */
    public List<ReplicaNode> standbys() {
        ReplicaNode current = primary;
        return nodes.stream().filter(n -> n != current).toList();
    }

    /**
     * The running standby that has received the most WAL: the one to promote after the primary is lost, as a
     * failover manager would choose it (with synchronous replication it holds every acknowledged commit, and the
     * other standbys can follow it).
     *
     * @return that standby
     * @throws SQLException if a standby cannot be reached
     * @throws IllegalStateException if no standby is running
     */
    public ReplicaNode mostAdvancedStandby() throws SQLException {
        ReplicaNode best = null;
        long bestPosition = -1;
        for (ReplicaNode n : standbys()) {
            if (n.server().isRunning()) {
                long position = n.receivedPosition();
                if (position > bestPosition) {
                    best = n;
                    bestPosition = position;
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("no standby is running in " + this);
        }
        return best;
    }

    /** @return a pgjdbc multi-host URL naming every node (through its proxy), primary first */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /**
     * @param database a database name
     * @return a pgjdbc multi-host URL of that database naming every node, the current primary first
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + hostList() + "/" + database;
    }

    /**
     * @return an Npgsql-style multi-host connection string of the {@code postgres} database:
     *     {@code Host=127.0.0.1:p0,127.0.0.1:p1,...;Database=postgres;Username=postgres}
     */
    public String connectionString() {
        return connectionString("postgres");
    }

    /**
     * @param database a database name
     * @return an Npgsql-style multi-host connection string of that database, the current primary first
     */
    public String connectionString(String database) {
        return "Host=" + hostList() + ";Database=" + database + ";Username=" + PostgresServer.USERNAME;
    }

    private String hostList() {
        List<ReplicaNode> ordered = new ArrayList<>();
        ordered.add(primary);
        ordered.addAll(standbys());
        return ordered.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(","));
    }

    /**
     * Pauses WAL replay on a standby ({@code pg_wal_replay_pause()}) and waits until it has paused: it keeps
     * receiving WAL but its queries see the data as of the pause, so it lags behind the primary as writes go on.
     *
     * @param standby a running standby
     * @throws SQLException if the node is not a standby or cannot be reached
     */
    public void pauseReplay(ReplicaNode standby) throws SQLException {
        control.lock();
        try (Connection c = standby.server().connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_wal_replay_pause()");
            Replication.awaitTrue(c, "SELECT pg_get_wal_replay_pause_state() = 'paused'",
                    "replay to pause on " + standby.name());
        } finally {
            control.unlock();
        }
    }

    /**
     * Resumes WAL replay on a standby ({@code pg_wal_replay_resume()}); it then catches up on its own.
     *
     * @param standby a running standby
     * @throws SQLException if the node is not a standby or cannot be reached
     */
    public void resumeReplay(ReplicaNode standby) throws SQLException {
        control.lock();
        try (Connection c = standby.server().connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_wal_replay_resume()");
            Replication.awaitTrue(c, "SELECT pg_get_wal_replay_pause_state() = 'not paused'", "replay to resume on "
                    + standby.name());
        } finally {
            control.unlock();
        }
    }

    /**
     * How far a standby's queries are behind the primary, from WAL positions: the primary's
     * {@code pg_current_wal_lsn()} minus the standby's {@code pg_last_wal_replay_lsn()}. Unlike the age of the last
     * replayed transaction, this stays 0 on an idle, caught-up pair.
     *
     * @param standby a running standby
     * @return the lag in bytes of WAL, 0 when caught up
     * @throws SQLException if either server cannot be reached
     */
    public long replayLagBytes(ReplicaNode standby) throws SQLException {
        long target = primary.walPosition();
        return Math.max(0, target - standby.walPosition());
    }

    /**
     * Waits until a standby has replayed everything the primary had written when this method was called.
     *
     * @param standby a running standby whose replay is not paused
     * @param timeout how long to wait
     * @throws SQLException if either server cannot be reached
     * @throws IllegalStateException if the standby does not catch up in time
     */
    public void awaitReplayed(ReplicaNode standby, Duration timeout) throws SQLException {
        long target = primary.walPosition();
        long deadline = System.nanoTime() + timeout.toNanos();
        long reached;
        while ((reached = standby.walPosition()) < target) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(standby.name() + " replayed WAL up to " + reached + " but not to "
                        + target + " within " + timeout + " (is its replay paused or is it partitioned?)");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Waits until every running standby has replayed what the primary had written when this method was called.
     *
     * @param timeout how long to wait for each standby
     * @throws SQLException if a server cannot be reached
     */
    public void awaitAllReplayed(Duration timeout) throws SQLException {
        for (ReplicaNode standby : standbys()) {
            if (standby.server().isRunning()) {
                awaitReplayed(standby, timeout);
            }
        }
    }

    /**
     * Promotes a standby ({@code pg_promote()}), waits until it accepts writes, and makes it the set's
     * {@link #primary()}. It gets a replication slot for every other node so that they can follow it. The old
     * primary should be stopped or crashed first (two primaries accept diverging writes). The other standbys keep
     * following the old primary until {@link #repoint(ReplicaNode)}; {@link #failover(ReplicaNode)} does both.
     *
     * @param standby a running standby
     * @throws SQLException if the promotion fails or times out
     * @throws IllegalArgumentException if {@code standby} is already the primary
     */
    public void promote(ReplicaNode standby) throws SQLException {
        control.lock();
        try {
            if (standby == primary) {
                throw new IllegalArgumentException(standby.name() + " is already the primary");
            }
            try (Connection c = standby.server().connect(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT pg_promote(true, " + CONTROL_WAIT.toSeconds() + ")")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw new SQLException(standby.name() + " did not finish promotion within " + CONTROL_WAIT);
                    }
                }
                for (ReplicaNode other : nodes) {
                    if (other != standby) {
                        Replication.createSlot(c, other.name());
                    }
                }
            }
            primary = standby;
            LOG.info("promoted {} to primary", standby.name());
        } finally {
            control.unlock();
        }
    }

    /**
     * Points a standby at the current {@link #primary()} ({@code primary_conninfo} and reload; the standby follows
     * the new timeline) and waits until it streams from it. Works when the standby has not replayed past the point
     * where the new primary was promoted, which holds when the old primary was stopped or when the standbys had
     * caught up before it crashed.
     *
     * @param standby a running standby
     * @throws SQLException if a server cannot be reached
     * @throws IllegalStateException if the standby does not stream from the new primary in time
     */
    public void repoint(ReplicaNode standby) throws SQLException {
        control.lock();
        try {
            ReplicaNode upstream = primary;
            if (standby == upstream) {
                throw new IllegalArgumentException(standby.name() + " is the primary; it follows nobody");
            }
            long t0 = System.nanoTime();
            try (Connection c = standby.server().connect(); Statement s = c.createStatement()) {
                // primary_conninfo is reloadable: the standby restarts its WAL receiver with the new upstream
                String conninfo = Replication.conninfo(upstream, standby.name());
                s.execute("ALTER SYSTEM SET primary_conninfo = " + StandbySeed.quote(conninfo));
                s.execute("ALTER SYSTEM SET primary_slot_name = " + StandbySeed.quote(standby.name()));
                s.execute("SELECT pg_reload_conf()");
            }
            Replication.awaitStreaming(standby, upstream);
            LOG.info("{} streams from {} after {} ms", standby.name(), upstream.name(),
                    (System.nanoTime() - t0) / 1_000_000);
        } finally {
            control.unlock();
        }
    }

    /**
     * A failover: promotes {@code standby} and re-points every other running standby at it. Stop or crash the
     * primary first.
     *
     * @param standby a running standby
     * @throws SQLException if a server cannot be reached or the promotion fails
     */
    public void failover(ReplicaNode standby) throws SQLException {
        control.lock();
        try {
            promote(standby);
            for (ReplicaNode other : standbys()) {
                if (other.server().isRunning()) {
                    repoint(other);
                }
            }
        } finally {
            control.unlock();
        }
    }

    /**
     * Demotes a node that is no longer the set's {@link #primary()} to a standby of the current primary: stops it
     * cleanly if it runs, adds {@code standby.signal}, {@code primary_conninfo} (through the primary's proxy) and its
     * replication slot's name, starts it, and waits until it streams. The embedded binaries have no
     * {@code pg_rewind}, so this works only for a node that has not diverged from the new primary: an old primary
     * that was stopped cleanly before the promotion ({@link #switchover(ReplicaNode)} does all of it), or one whose
     * every WAL record the new primary already has. A node that took writes the new primary never saw fails to
     * stream and this method gives up after 30 s.
     *
     * @param node a node other than the primary
     * @throws SQLException if a server cannot be reached
     * @throws IllegalArgumentException if {@code node} is the set's primary
     * @throws IllegalStateException if the node does not stream from the primary in time
     * @throws UncheckedIOException if its data directory cannot be written
     */
    public void demote(ReplicaNode node) throws SQLException {
        control.lock();
        try {
            ReplicaNode upstream = primary;
            if (node == upstream) {
                throw new IllegalArgumentException(node.name() + " is the primary; promote another node first");
            }
            node.server().stop();
            Path data = node.server().dataDirectory();
            Files.writeString(data.resolve("standby.signal"), "", StandardCharsets.UTF_8);
            Files.writeString(data.resolve("postgresql.auto.conf"), "\nprimary_conninfo = "
                    + StandbySeed.quote(Replication.conninfo(upstream, node.name())) + "\nprimary_slot_name = "
                    + StandbySeed.quote(node.name()) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            node.server().start();
            Replication.awaitStreaming(node, upstream);
            LOG.info("demoted {} to a standby of {}", node.name(), upstream.name());
        } catch (IOException e) {
            throw new UncheckedIOException("could not demote " + node.name(), e);
        } finally {
            control.unlock();
        }
    }

    /**
     * A planned switchover with a running primary: stops the primary cleanly (a clean shutdown sends every WAL
     * record to the streaming standbys first), promotes {@code standby}, re-points the other running standbys at it,
     * and {@linkplain #demote(ReplicaNode) demotes} the old primary to a standby of it. Clients of the old primary see
     * its sessions end (57P01) and, while it restarts, refused connections.
     *
     * @param standby a running standby that streams from the primary
     * @throws SQLException if a server cannot be reached or the promotion fails
     */
    public void switchover(ReplicaNode standby) throws SQLException {
        control.lock();
        try {
            ReplicaNode old = primary;
            old.server().stop();
            failover(standby);
            demote(old);
        } finally {
            control.unlock();
        }
    }

    /**
     * Cuts a node off the network through its proxy: connections to it, current and new, stay open but carry
     * nothing (clients wait for their own timeouts). Standbys stream from their upstream's proxy, so a partitioned
     * primary also stops feeding its standbys; a partitioned standby still receives WAL (pause its replay to make it
     * fall behind). The server keeps running and the set's controls still reach it.
     *
     * @param node the node to isolate
     */
    public void partition(ReplicaNode node) {
        node.proxy().blackhole();
    }

    /**
     * Ends every proxy fault on a node; held data is delivered, as TCP would after a partition.
     *
     * @param node the node to reconnect
     */
    public void heal(ReplicaNode node) {
        node.proxy().heal();
    }

    /** Stops every node and proxy and deletes the data directories. Idempotent. */
    @Override
    public void close() {
        control.lock();
        try {
            List<ReplicaNode> reversed = new ArrayList<>(nodes);
            Collections.reverse(reversed);
            Replication.closeAll(reversed);
        } finally {
            control.unlock();
        }
    }

    @Override
    public String toString() {
        return "ReplicaSet[primary " + primary.name() + " on " + primary.port() + ", standbys "
                + standbys().stream().map(n -> n.name() + " on " + n.port()).collect(Collectors.joining(", ")) + "]";
    }

    /**
     * Builds a {@link ReplicaSet}. Defaults: one standby; every node runs with {@link PostgresServer}'s defaults plus
     * the replication settings ({@code wal_level=replica}, {@code hot_standby=on}, {@code max_wal_senders=10},
     * {@code max_replication_slots=10}, status every second, WAL retrieval retried every 200 ms).
     */
    public static final class Builder {
        private final Map<String, String> settings = new LinkedHashMap<>();
        private int standbys = 1;
        private int synchronousStandbys;
        private Duration startupWait = Duration.ofSeconds(60);

        private Builder() {
            settings.put("wal_level", "replica");
            settings.put("hot_standby", "on");
            settings.put("max_wal_senders", "10");
            settings.put("max_replication_slots", "10");
            settings.put("max_slot_wal_keep_size", "1GB");
            settings.put("wal_receiver_status_interval", "1s");
            settings.put("wal_retrieve_retry_interval", "200ms");
        }

        /**
         * @param count how many standbys, at least 1 (default 1)
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is less than 1 or more than 8
         */
        public Builder standbys(int count) {
            if (count < 1 || count > 8) {
                throw new IllegalArgumentException("standbys must be between 1 and 8, but was " + count);
            }
            this.standbys = count;
            return this;
        }

        /**
         * Sets a server setting on every node, applied at every start.
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
                        + "survive the server's command line; set it with a node's server().configure(...)");
            }
            settings.put(name, value);
            return this;
        }

        /**
         * Makes commits wait until {@code count} standbys have flushed them ({@code synchronous_standby_names =
         * 'ANY count (*)'} on every node, so a promoted standby keeps it). Then a crashed primary loses no
         * acknowledged commit as long as the standby promoted is the {@link ReplicaSet#mostAdvancedStandby()}; with
         * asynchronous replication (the default, 0) it may. A paused replay does not hold commits back (standbys
         * still receive and flush), but a set left with fewer running standbys than {@code count} blocks every
         * commit.
         *
         * @param count how many standbys must confirm each commit, from 0 to the number of standbys
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is negative
         */
        public Builder synchronousStandbys(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("synchronousStandbys must not be negative, but was " + count);
            }
            this.synchronousStandbys = count;
            return this;
        }

        /**
         * @param wait how long to wait for each server to accept connections at each start (default 60 s)
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
         * Starts the primary and the standbys and waits until every standby streams.
         *
         * @return the running set
         * @throws UncheckedIOException if a server cannot start; whatever had started is stopped again
         */
        public ReplicaSet build() {
            if (synchronousStandbys > standbys) {
                throw new IllegalArgumentException("synchronousStandbys (" + synchronousStandbys
                        + ") must not exceed standbys (" + standbys + ")");
            }
            return new ReplicaSetLauncher(settings, standbys, synchronousStandbys, startupWait)
                    .launch(ReplicaSet::new);
        }
    }
}
