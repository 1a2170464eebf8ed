package dev.ballast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the servers of a {@link ReplicaSet}: the primary, its slots, a consistent copy of its data directory per
 * standby, the standbys, and waits until each streams. Anything started is stopped again if a later step fails.
 */
final class ReplicaSetLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetLauncher.class);
    private static final String REPLICATION_HBA = "host replication all 127.0.0.1/32 trust";

    private final Map<String, String> settings;
    private final int standbys;
    private final int synchronousStandbys;
    private final Duration startupWait;

    ReplicaSetLauncher(Map<String, String> settings, int standbys, int synchronousStandbys, Duration startupWait) {
        this.settings = new LinkedHashMap<>(settings);
        this.standbys = standbys;
        this.synchronousStandbys = synchronousStandbys;
        this.startupWait = startupWait;
    }

    ReplicaSet launch(Function<List<ReplicaNode>, ReplicaSet> assemble) {
        long started = System.nanoTime();
        List<ReplicaNode> nodes = new ArrayList<>();
        try {
            Path template = ClusterTemplate.get();
            ReplicaNode primary = node("node0", server(template == null ? null : StandbySeed.copyOf(template)));
            nodes.add(primary);
            prepareStandbysOn(primary);
            primary.server().stop(); // a cleanly stopped data directory is consistent: copy it as it stands
            // Hold the stopped primary's port while the standbys and their proxies pick free ports, or one of them
            // may be handed it and the primary's clients would reach a standby once the primary is back.
            ServerSocket primaryPort = hold(primary.server().port());
            try {
                if (template == null) {
                    ClusterTemplate.keep(primary.server().dataDirectory());
                }
                if (synchronousStandbys > 0) { // in the file, so that the standbys' copies and a promoted one keep it
                    Files.writeString(primary.server().dataDirectory().resolve("postgresql.auto.conf"),
                            "\nsynchronous_standby_names = 'ANY " + synchronousStandbys + " (*)'\n",
                            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                }
                for (int i = 1; i <= standbys; i++) {
                    String name = "node" + i;
                    StandbySeed seed = new StandbySeed(primary.server().dataDirectory(),
                            Replication.conninfo(primary, name), name);
                    nodes.add(node(name, server(seed)));
                }
            } finally {
                closeQuietly(primaryPort);
            }
            primary.server().start();
            for (ReplicaNode standby : nodes.subList(1, nodes.size())) {
                Replication.awaitStreaming(standby, primary);
            }
            ReplicaSet set = assemble.apply(nodes);
            LOG.info("{} streaming after {} ms", set, (System.nanoTime() - started) / 1_000_000);
            return set;
        } catch (SQLException | IOException | RuntimeException e) {
            List<ReplicaNode> reversed = new ArrayList<>(nodes);
            Collections.reverse(reversed);
            try {
                Replication.closeAll(reversed);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("could not start a replica set with " + standbys + " standbys", io);
            }
            throw new IllegalStateException("could not start a replica set with " + standbys + " standbys: " + e, e);
        }
    }

    /** Binds the loopback port so that no one else is given it; null if it cannot be held (then best effort). */
    private static ServerSocket hold(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            LOG.warn("could not hold port {} while the standbys start: {}", port, e.toString());
            return null;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a listening socket that accepted nothing
            }
        }
    }

    private PostgresServer server(PostgresServer.DataDirectorySeed seed) {
        PostgresServer.Builder b = PostgresServer.builder().startupWait(startupWait);
        settings.forEach(b::setting);
        if (seed != null) {
            b.seed(seed);
        }
        return b.build();
    }

    private static ReplicaNode node(String name, PostgresServer server) {
        try {
            return new ReplicaNode(name, server, FaultProxy.start(server));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** One slot per standby (so the primary keeps the WAL it needs) and a replication line in pg_hba.conf. */
    private void prepareStandbysOn(ReplicaNode primary) throws SQLException, IOException {
        try (Connection c = primary.server().connect()) {
            for (int i = 1; i <= standbys; i++) {
                Replication.createSlot(c, "node" + i);
            }
        }
        Path hba = primary.server().dataDirectory().resolve("pg_hba.conf");
        boolean present = Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
                .map(l -> l.trim().replaceAll("\\s+", " "))
                .anyMatch(l -> l.startsWith("host replication all 127.0.0.1/32 trust"));
        if (!present) {
            Files.writeString(hba, "\n" + REPLICATION_HBA + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }
}
