package dev.ballast.internal.topology;

import dev.ballast.internal.config.HostPort;
import dev.ballast.internal.config.OptionException;
import dev.ballast.internal.config.OptionKey;
import dev.ballast.internal.config.PgAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hosts of a connection string, each with its port resolved, checked for what a multi-host string must not
 * have: a host given twice (the same name and port, ignoring case), or pgjdbc's own host selection parameters
 * ({@code targetServerType}, {@code hostRecheckSeconds}), which would fight Ballast's routing.
 */
public final class HostList {

    private static final List<String> ROUTING_PARAMS = List.of("targetServerType", "hostRecheckSeconds");

    private HostList() {}

    /**
     * @param address a parsed connection string
     * @return its hosts in order, each with a port (the host's own, else the string's, else 5432)
     * @throws OptionException naming ConnectionString if a host is given twice, or if several hosts come with
     *     {@code targetServerType} or {@code hostRecheckSeconds}
     */
    public static List<HostPort> resolve(PgAddress address) {
        List<HostPort> hosts = new ArrayList<>();
        Map<String, HostPort> seen = new HashMap<>();
        for (HostPort h : address.hosts()) {
            int port = h.port() != null ? h.port() : address.port() != null ? address.port() : PgAddress.DEFAULT_PORT;
            HostPort resolved = new HostPort(h.host(), port);
            HostPort earlier = seen.putIfAbsent(resolved.host().toLowerCase(Locale.ROOT) + ':' + port, resolved);
            if (earlier != null) {
                throw new OptionException("ConnectionString names host " + resolved + " twice (as " + earlier
                        + " and " + h + "); give each server once", OptionKey.CONNECTION_STRING);
            }
            hosts.add(resolved);
        }
        if (hosts.size() > 1) {
            for (String param : ROUTING_PARAMS) {
                if (address.params().containsKey(param)) {
                    throw new OptionException("ConnectionString names several hosts and sets " + param + "="
                            + address.params().get(param) + "; Ballast finds each host's role itself and routes"
                            + " writes to the primary and reads to standbys, so leave " + param + " out",
                            OptionKey.CONNECTION_STRING);
                }
            }
        }
        return hosts;
    }
}
