package dev.ballast.benchmarks.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --name=value} command-line options with defaults. Unknown names and malformed values are rejected with a
 * message naming them; nothing is guessed.
 */
public final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param args the command line, each argument {@code --name=value} (or {@code --help})
     * @param defaults every accepted name with its default value, in the order help lists them
     * @return the options
     * @throws IllegalArgumentException on an unknown name or an argument not of the form {@code --name=value}
     */
    public static Options parse(String[] args, Map<String, String> defaults) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException(
                        "expected --name=value, but got '" + arg + "'; options and defaults: " + defaults);
            }
            String name = arg.substring(2, eq);
            if (!defaults.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; options and defaults: " + defaults);
            }
            values.put(name, arg.substring(eq + 1));
        }
        return new Options(values);
    }

    /**
     * @param name an option name
     * @return its value as text
     */
    public String string(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no option --" + name);
        }
        return value;
    }

    /**
     * @param name an option name
     * @return its value as a positive integer
     * @throws IllegalArgumentException if it is not one
     */
    public int positiveInt(String name) {
        return positive(name, string(name));
    }

    /**
     * @param name an option name
     * @return its value, a comma-separated list of positive integers
     * @throws IllegalArgumentException if it is not one
     */
    public List<Integer> positiveInts(String name) {
        List<Integer> result = new ArrayList<>();
        for (String part : list(name)) {
            result.add(positive(name, part));
        }
        return result;
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive integer, but was '" + value + "'");
    }

    /**
     * @param name an option name
     * @return its value, a comma-separated list, trimmed, without empty items
     */
    public List<String> list(String name) {
        return Arrays.stream(string(name).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * @param name an option name whose value is a number of seconds (fractions allowed) or an ISO-8601 duration
     * @return the duration
     * @throws IllegalArgumentException if it is neither, or not positive
     */
    public Duration duration(String name) {
        String value = string(name);
        Duration d;
        try {
            d = value.startsWith("P") || value.startsWith("p")
                    ? Duration.parse(value)
                    : Duration.ofNanos(Math.round(Double.parseDouble(value) * 1e9));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + name + " must be seconds or an ISO-8601 duration, but was '"
                    + value + "'", e);
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("--" + name + " must not be negative, but was '" + value + "'");
        }
        return d;
    }

    /**
     * @param duration a duration
     * @return it in seconds, e.g. {@code 2.5 s}
     */
    public static String format(Duration duration) {
        double seconds = duration.toNanos() / 1e9;
        return (seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds)) + " s";
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
