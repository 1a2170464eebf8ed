package dev.ballast.demo.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request body broke one or more rules; rendered as a 400 {@link Problem} naming each field. */
public final class ValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, List<String>> errors;

    /** @param errors field name to messages; at least one */
    public ValidationException(Map<String, List<String>> errors) {
        super("invalid field(s): " + errors);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one error");
        }
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    /**
     * @param field the field's JSON name
     * @param message what is wrong with it
     * @return a failure for one field
     */
    public static ValidationException of(String field, String message) {
        return new ValidationException(Map.of(field, List.of(message)));
    }

    /** @return field name to messages, in the order found */
    public Map<String, List<String>> errors() {
        return errors;
    }
}
