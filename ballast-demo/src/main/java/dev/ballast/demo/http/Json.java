package dev.ballast.demo.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ballast.demo.api.ValidationException;
import java.io.IOException;

/**
 * The one Jackson configuration of the service: ISO-8601 times, and strict reading: unknown properties, duplicate
 * keys, trailing tokens, a number where text belongs (or text where a number belongs) and a fraction where a whole
 * number belongs are all rejected rather than coerced. Request bodies are read through {@link JsonRequest}, which
 * turns what a client sent wrong into a {@link ValidationException} naming the field, for every HTTP adapter of the
 * API alike.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private Json() {}

    /** @return the shared mapper (thread-safe; do not reconfigure) */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a request body strictly.
     *
     * @param body the body's bytes, UTF-8 JSON
     * @param type the record to read
     * @param <T> the record type
     * @return the record, or null for an empty body (validation then reports the missing body)
     * @throws ValidationException naming the field for an unknown field or a value of the wrong JSON type, or
     *     {@code body} for malformed JSON (with its line and column)
     * @throws IOException if the bytes cannot be read at all
     */
    static <T> T readBody(byte[] body, Class<T> type) throws IOException {
        if (body.length == 0) {
            return null;
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw ValidationException.of(e.getPropertyName(), "Unknown field; accepted: "
                    + e.getKnownPropertyIds() + ".");
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw ValidationException.of(field == null ? "body" : field, "Wrong JSON type: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw ValidationException.of("body", "Malformed JSON" + where + ": "
                    + RequestText.printable(String.valueOf(e.getOriginalMessage())));
        }
    }
}
