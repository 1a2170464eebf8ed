package dev.ballast.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses JSON (and, through {@link YamlSupport}, YAML) text into a tree. JSON is read as .NET reads
 * {@code appsettings.json}: comments and trailing commas allowed; unlike .NET, a key given twice is an error.
 * A syntax error becomes an {@link IllegalArgumentException} with the line and column, and with the parser's
 * detail stripped of any quoted text from the file (which could be a password).
 */
final class TreeReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|key) '([^']*)'");
    private static final Pattern QUOTED = Pattern.compile("'[^']{2,}'|\"[^\"]{2,}\"");
    private static final java.util.Set<String> SAFE = java.util.Set.of("null", "true", "false");

    private TreeReader() {}

    /**
     * @param text the JSON text
     * @param source how messages name it
     * @return the tree
     * @throws IllegalArgumentException if it is empty or malformed
     */
    static JsonNode json(String text, String source) {
        return parse(JSON, text, "JSON", source);
    }

    /**
     * @param mapper the mapper for the format
     * @param text the text
     * @param format {@code JSON} or {@code YAML}
     * @param source how messages name it
     * @return the tree
     * @throws IllegalArgumentException if it is empty or malformed
     */
    static JsonNode parse(ObjectMapper mapper, String text, String format, String source) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e, format, source), null);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new IllegalArgumentException(source + " is empty: expected " + format
                    + " with a \"Database\" section");
        }
        return root;
    }

    /**
     * @param e the parser's error
     * @param format {@code JSON} or {@code YAML}
     * @param source how the message names the document
     * @return a message with line and column, and no text quoted from the document except a duplicate key's name
     */
    static String describe(JsonProcessingException e, String format, String source) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String detail = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(detail);
        if (duplicate.find()) {
            detail = "key \"" + duplicate.group(1) + "\" appears twice in the same object";
        } else {
            detail = detail.lines()
                    .filter(line -> !line.isEmpty() && !Character.isWhitespace(line.charAt(0)))
                    .collect(Collectors.joining("; "));
            detail = QUOTED.matcher(detail).replaceAll(m -> SAFE.contains(m.group().substring(1, m.group().length() - 1))
                    ? Matcher.quoteReplacement(m.group()) : "(text not shown)");
        }
        return "Malformed " + format + " in " + source + where + ": " + detail;
    }
}
