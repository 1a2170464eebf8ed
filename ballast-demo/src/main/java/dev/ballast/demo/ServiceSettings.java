package dev.ballast.demo;

import dev.ballast.http.OpsServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the service listens and what it schedules.
 *
 * @param bindAddress the address both HTTP servers bind, e.g. {@code 127.0.0.1}
 * @param port the API port; 0 picks a free one
 * @param opsPort the ops port ({@code /health/live}, {@code /health/ready}, {@code /metrics}); 0 picks a free one
 * @param maintenanceInterval time between {@code VACUUM ANALYZE tickets} runs
 * @param handlerThreads API handler threads when the JDK has no virtual threads
 * @param opsToken the bearer token {@code /metrics} and {@code /dashboard} require, or null for none; required when
 *     {@code bindAddress} is not a loopback address
 */
public record ServiceSettings(String bindAddress, int port, int opsPort, Duration maintenanceInterval,
        int handlerThreads, String opsToken) {

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException if a value is out of range, or the service would expose its ops endpoints
     *     beyond this machine without a token
     */
    public ServiceSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        checkPort("port", port);
        checkPort("opsPort", opsPort);
        if (port != 0 && port == opsPort) {
            throw new IllegalArgumentException("port and opsPort must differ, but both were " + port);
        }
        if (maintenanceInterval.isNegative() || maintenanceInterval.isZero()) {
            throw new IllegalArgumentException("maintenanceInterval must be positive, but was " + maintenanceInterval);
        }
        if (handlerThreads < 1) {
            throw new IllegalArgumentException("handlerThreads must be at least 1, but was " + handlerThreads);
        }
        if (opsToken != null && opsToken.isBlank()) {
            opsToken = null;
        }
        if (opsToken != null) {
            OpsServer.builder().bearerToken(opsToken); // the ops server's rules for a token, checked before start
        }
        if (opsToken == null && !loopback(bindAddress)) {
            throw new IllegalArgumentException("bind address " + bindAddress + " is reachable from other machines, "
                    + "and /metrics and /dashboard would be open to them: set an ops token (environment "
                    + "DEMO__OPSTOKEN, Demo.OpsToken in the settings file, or --ops-token) or bind 127.0.0.1");
        }
    }

    /** Settings without an ops token (loopback only). */
    public ServiceSettings(String bindAddress, int port, int opsPort, Duration maintenanceInterval,
            int handlerThreads) {
        this(bindAddress, port, opsPort, maintenanceInterval, handlerThreads, null);
    }

    /**
     * @param port the API port
     * @param opsPort the ops port
     * @return these settings with other ports
     */
    public ServiceSettings withPorts(int port, int opsPort) {
        return new ServiceSettings(bindAddress, port, opsPort, maintenanceInterval, handlerThreads, opsToken);
    }

    /** @return the settings, the ops token shown only as set or not */
    @Override
    public String toString() {
        return "ServiceSettings[bindAddress=" + bindAddress + ", port=" + port + ", opsPort=" + opsPort
                + ", maintenanceInterval=" + maintenanceInterval + ", handlerThreads=" + handlerThreads
                + ", opsToken=" + (opsToken == null ? "none" : "******") + "]";
    }

    /** @return whether every address {@code host} names is a loopback address (an unknown name is not) */
    private static boolean loopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, but was " + port);
        }
    }
}
