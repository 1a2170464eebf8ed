package dev.ballast.demo.http;

import dev.ballast.demo.api.ValidationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The strict reading of what arrives outside the body: the query string (percent-encoded UTF-8, no control
 * characters), ids (ASCII digits only) and the {@code Content-Type} of a body (JSON in UTF-8). Each refusal is a
 * client error (400 or 415), never an exception that would read as a server fault. Public for the other adapters
 * of the API (the Spring Boot demo), which must read ids and queries the same way. Stateless.
 */
public final class RequestText {

    /** Longest id, in digits: every 18-digit number fits in a {@code long}. */
    static final int MAX_ID_DIGITS = 18;

    private RequestText() {}

    /**
     * @param text a path segment
     * @return the id it spells in ASCII digits (1 to {@value #MAX_ID_DIGITS} of them), or -1 if it spells none:
     *     no sign, no spaces, no other scripts' digits, no hex
     */
    public static long id(String text) {
        if (text.isEmpty() || text.length() > MAX_ID_DIGITS) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }

    /**
     * @param raw the raw (still percent-encoded) query string, or null
     * @return each parameter's first value, decoded
     * @throws ValidationException if an escape is malformed, the bytes are not UTF-8, or a value holds a control
     *     character such as NUL
     */
    public static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(key, value);
        }
        return params;
    }

    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int hi = i + 2 < encoded.length() ? hex(encoded.charAt(i + 1)) : -1;
                int lo = hi < 0 ? -1 : hex(encoded.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw queryError("Malformed percent-encoding: '%' must be followed by two hex digits.");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c > 0x7E || c < 0x20) {
                throw queryError("Characters outside printable ASCII must be percent-encoded UTF-8.");
            } else {
                bytes.write(c);
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw queryError("The percent-encoded bytes are not valid UTF-8.");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw queryError("Must not contain control characters such as NUL.");
            }
        }
        return text;
    }

    /** @return the value of an ASCII hex digit, or -1 */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static ValidationException queryError(String message) {
        return ValidationException.of("query", message);
    }

    /**
     * @param header the request's {@code Content-Type}, or null
     * @throws ClientError (415) unless it is {@code application/json} or another {@code +json} type, with no
     *     charset or {@code charset=utf-8}
     */
    static void requireJson(String header) {
        if (header == null || header.isBlank()) {
            throw ClientError.unsupportedMediaType("A body needs Content-Type: application/json.");
        }
        String[] parts = header.split(";");
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
            throw ClientError.unsupportedMediaType("Content-Type must be application/json, but was '"
                    + printable(header) + "'.");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].strip().equalsIgnoreCase("charset")) {
                String charset = param.length < 2 ? "" : param[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    throw ClientError.unsupportedMediaType("The body must be UTF-8, but charset was '"
                            + printable(charset) + "'.");
                }
            }
        }
    }

    /** @return the text with control characters shown as '?', at most 100 characters, for a problem detail */
    static String printable(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), 100));
        for (int i = 0; i < text.length() && i < 100; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
