package dev.ballast.demo.api;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a ticket is in its life; stored and rendered by name ({@code "InProgress"}). */
public enum TicketStatus {
    Open, InProgress, Resolved, Closed;

    /**
     * @param text a name, in any case
     * @return the status, or empty if {@code text} names none
     */
    public static Optional<TicketStatus> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(text)).findFirst();
    }

    /** @return the accepted names, for error messages */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
