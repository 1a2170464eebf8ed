package dev.ballast.demo.api;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How urgent a ticket is; stored and rendered by name ({@code "High"}). */
public enum Priority {
    Low, Medium, High, Critical;

    /**
     * @param text a name, in any case
     * @return the priority, or empty if {@code text} names none
     */
    public static Optional<Priority> parse(String text) {
        return Arrays.stream(values()).filter(p -> p.name().equalsIgnoreCase(text)).findFirst();
    }

    /** @return the accepted names, for error messages: {@code Low, Medium, High, Critical} */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
