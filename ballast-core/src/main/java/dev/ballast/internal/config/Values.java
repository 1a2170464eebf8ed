package dev.ballast.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.Secret;
import dev.ballast.pool.PgBouncerPoolMode;
import dev.ballast.resilience.BackoffType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts a configured value (a JSON node, or text from properties, environment or a connection string) to the
 * type its {@link OptionKey} takes. Text is accepted for every kind, as .NET configuration binding accepts it
 * ({@code "20"} is a valid MaxPoolSize); a value of the wrong shape is an {@link OptionException} naming the key
 * and the value, except that a {@link Kind#SECRET} value is never echoed.
 */
public final class Values {

    private static final int MAX_ECHO = 80;

    private Values() {}

    /**
     * @param key the key the value is for
     * @param node the value
     * @return the typed value: Integer, Duration, Boolean, Double, String, Secret, BackoffType or List of String
     * @throws OptionException if the value does not have the key's type
     */
    public static Object convert(OptionKey key, JsonNode node) {
        return switch (key.kind()) {
            case INT -> toInt(key, node);
            case SECONDS -> toDuration(key, node);
            case BOOL -> toBoolean(key, node);
            case RATIO -> toDecimal(key, node).doubleValue();
            case TEXT -> toText(key, node);
            case SECRET -> Secret.of(toText(key, node));
            case BACKOFF -> toBackoff(key, node);
            case BOUNCER_MODE -> toBouncerMode(key, node);
            case SQLSTATES -> toList(key, node);
        };
    }

    private static int toInt(OptionKey key, JsonNode node) {
        BigDecimal d = toDecimal(key, node);
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            throw wrongType(key, node);
        }
    }

    private static Duration toDuration(OptionKey key, JsonNode node) {
        BigDecimal nanos = toDecimal(key, node).movePointRight(9);
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new OptionException(key.jsonName() + " must be a number of seconds with at most 9 decimals and"
                    + " below 292 years, but was " + describe(key, node), key);
        }
    }

    private static boolean toBoolean(OptionKey key, JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = node.isTextual() ? node.textValue().trim().toLowerCase(Locale.ROOT) : "";
        if (text.equals("true") || text.equals("false")) {
            return text.equals("true");
        }
        throw wrongType(key, node);
    }

    private static BigDecimal toDecimal(OptionKey key, JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.textValue().trim());
            } catch (NumberFormatException e) {
                throw wrongType(key, node);
            }
        }
        throw wrongType(key, node);
    }

    private static String toText(OptionKey key, JsonNode node) {
        if (!node.isTextual()) {
            throw wrongType(key, node);
        }
        return node.textValue();
    }

    private static BackoffType toBackoff(OptionKey key, JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue().trim();
            for (BackoffType type : BackoffType.values()) {
                if (type.name().equalsIgnoreCase(text)) {
                    return type;
                }
            }
        }
        throw wrongType(key, node);
    }

    private static PgBouncerPoolMode toBouncerMode(OptionKey key, JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue().trim();
            for (PgBouncerPoolMode mode : PgBouncerPoolMode.values()) {
                if (mode.name().equalsIgnoreCase(text)) {
                    return mode;
                }
            }
        }
        throw wrongType(key, node);
    }

    private static List<String> toList(OptionKey key, JsonNode node) {
        List<String> items = new ArrayList<>();
        if (node.isTextual()) {
            for (String item : node.textValue().split(",", -1)) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return items;
        }
        if (!node.isArray()) {
            throw wrongType(key, node);
        }
        for (JsonNode item : node) {
            if (!item.isTextual() && !item.isIntegralNumber()) { // YAML reads an unquoted 57014 as a number
                throw new OptionException(key.jsonName() + " must list SQLSTATE codes as strings, but contained "
                        + describe(key, item), key);
            }
            items.add(item.asText());
        }
        return items;
    }

    private static OptionException wrongType(OptionKey key, JsonNode node) {
        return new OptionException(
                key.jsonName() + " must be " + key.kind().expected() + ", but was " + describe(key, node), key);
    }

    /**
     * @param key the key the value belongs to; a secret's value is described by its type only
     * @param node the value
     * @return the value as a message shows it: quoted text, a number, {@code true}, {@code null}, "an object"
     */
    public static String describe(OptionKey key, JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (key != null && key.kind() == Kind.SECRET) {
            return node.isNull() ? "null" : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                    + " (value not shown)";
        }
        if (node.isNumber()) {
            String plain = node.decimalValue().toPlainString();
            return plain.length() <= MAX_ECHO ? plain : node.toString();
        }
        return node.isTextual() ? quote(node.textValue()) : node.toString();
    }

    /**
     * @param text any text
     * @return the text in double quotes, shortened to 80 characters
     */
    public static String quote(String text) {
        String shown = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "…" : text;
        return '"' + shown + '"';
    }
}
