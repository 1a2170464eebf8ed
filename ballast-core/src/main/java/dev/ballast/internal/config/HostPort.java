package dev.ballast.internal.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One server of a connection: a host name or address and, optionally, a port.
 *
 * @param host the host name, IPv4 address, or IPv6 address in brackets
 * @param port the port, or null for the connection's default
 */
public record HostPort(String host, Integer port) {

    /**
     * Parses a comma-separated host list as Npgsql's {@code Host} and pgjdbc's URL write it:
     * {@code db1:5433,db2}, {@code [::1]:5432}; a bare IPv6 address (more than one colon) has no port.
     *
     * @param spec the host list
     * @param what how the message should name the value's source, e.g. {@code Host}
     * @return the hosts, in order
     * @throws IllegalArgumentException if a host is empty, a Unix socket path, or has a bad port
     */
    public static List<HostPort> parseList(String spec, String what) {
        List<HostPort> hosts = new ArrayList<>();
        for (String item : spec.split(",", -1)) {
            hosts.add(parse(item.trim(), what));
        }
        return hosts;
    }

    private static HostPort parse(String item, String what) {
        if (item.isEmpty()) {
            throw new IllegalArgumentException(what + " must not contain an empty host name");
        }
        if (item.startsWith("/")) {
            throw new IllegalArgumentException(what + " names a Unix-domain socket directory (" + item
                    + "); pgjdbc connects over TCP only, so give a host name");
        }
        if (item.contains("@") || item.chars().anyMatch(Character::isWhitespace)) {
            // Never echo: "user:password@host" would show a password.
            throw new IllegalArgumentException(what + " must be a host name or address; it contains '@' or"
                    + " white space (credentials belong in Username and Password)");
        }
        if (item.startsWith("[")) {
            int close = item.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(what + " has an unclosed '[' in " + Values.quote(item));
            }
            String rest = item.substring(close + 1);
            if (rest.isEmpty()) {
                return new HostPort(item, null);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException(what + " has text after ']' in " + Values.quote(item));
            }
            return new HostPort(item.substring(0, close + 1), port(rest.substring(1), what));
        }
        int colon = item.indexOf(':');
        if (colon < 0) {
            return new HostPort(item, null);
        }
        if (item.indexOf(':', colon + 1) >= 0) {
            return new HostPort('[' + item + ']', null); // a bare IPv6 address
        }
        return new HostPort(item.substring(0, colon), port(item.substring(colon + 1), what));
    }

    /**
     * @param text a port number as text
     * @param what how the message should name the value's source
     * @return the port
     * @throws IllegalArgumentException unless it is a whole number from 1 to 65535
     */
    public static int port(String text, String what) {
        int port;
        try {
            port = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " port must be a whole number from 1 to 65535, but was "
                    + Values.quote(text), e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    what + " port must be a whole number from 1 to 65535, but was " + port);
        }
        return port;
    }

    /** @return {@code host} or {@code host:port}, as a JDBC URL writes it */
    @Override
    public String toString() {
        return port == null ? host : host + ':' + port;
    }
}
