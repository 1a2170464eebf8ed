package dev.ballast.demo.chaos;

import dev.ballast.testkit.FaultProxy;
import dev.ballast.testkit.PostgresServer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Faults on the testkit's embedded PostgreSQL and the fault proxy in front of it. */
public final class EmbeddedFaults implements FaultInjector {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFaults.class);

    private final PostgresServer server;
    private final FaultProxy proxy;

    /**
     * @param server the server the service uses
     * @param proxy the proxy the service connects through
     */
    public EmbeddedFaults(PostgresServer server, FaultProxy proxy) {
        this.server = Objects.requireNonNull(server, "server");
        this.proxy = Objects.requireNonNull(proxy, "proxy");
    }

    @Override
    public String inject(FaultKind kind) throws Exception {
        switch (kind) {
            case STOP:
                server.stop();
                return "";
            case CRASH:
                long pid = server.postmasterPid();
                server.crash();
                return "postmaster pid " + pid + " killed";
            case TERMINATE:
                return server.terminateAllBackends() + " sessions terminated";
            case PARTITION:
                proxy.blackhole();
                return proxy.connectionCount() + " connections black-holed";
            default:
                throw new IllegalArgumentException("unknown fault " + kind);
        }
    }

    @Override
    public void restore(FaultKind kind) {
        switch (kind) {
            case STOP:
            case CRASH:
                server.start();
                break;
            case PARTITION:
                proxy.heal();
                break;
            default:
                break;
        }
    }

    @Override
    public void restoreAll() {
        try {
            proxy.heal();
        } catch (RuntimeException e) {
            LOG.warn("could not heal the fault proxy", e);
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            LOG.warn("could not start PostgreSQL again", e);
        }
    }
}
