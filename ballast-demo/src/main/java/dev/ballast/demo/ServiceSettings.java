package dev.ballast.demo;

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
 */
public record ServiceSettings(String bindAddress, int port, int opsPort, Duration maintenanceInterval,
        int handlerThreads) {

    /** Checks every value. */
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
    }

    /**
     * @param port the API port
     * @param opsPort the ops port
     * @return these settings with other ports
     */
    public ServiceSettings withPorts(int port, int opsPort) {
        return new ServiceSettings(bindAddress, port, opsPort, maintenanceInterval, handlerThreads);
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, but was " + port);
        }
    }
}
