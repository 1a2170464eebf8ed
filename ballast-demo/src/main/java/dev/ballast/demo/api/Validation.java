package dev.ballast.demo.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules for request bodies. Each method returns the request in canonical form or throws a
 * {@link ValidationException} listing every broken rule at once (not just the first). Stateless.
 */
public final class Validation {

    /** Longest title and user name, in characters. */
    public static final int MAX_TITLE = 200;
    /** Longest description, in characters. */
    public static final int MAX_DESCRIPTION = 4000;
    /** Longest e-mail address, in characters (RFC 5321). */
    public static final int MAX_EMAIL = 254;

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Validation() {}

    /**
     * @param body a {@code POST /api/users} body, possibly null
     * @return the body with trimmed values
     * @throws ValidationException if a rule is broken
     */
    public static NewUser user(NewUser body) {
        Errors errors = new Errors();
        if (body == null) {
            throw ValidationException.of("body", "A JSON object with name and email is required.");
        }
        String name = text(errors, "name", body.name(), MAX_TITLE, true, false);
        String email = text(errors, "email", body.email(), MAX_EMAIL, true, false);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            errors.add("email", "Must be an e-mail address such as ada@example.com.");
        }
        errors.throwIfAny();
        return new NewUser(name, email);
    }

    /**
     * @param body a {@code POST /api/tickets} body, possibly null
     * @return the command it asks for; priority defaults to {@code Medium}
     * @throws ValidationException if a rule is broken
     */
    public static CreateTicket ticket(NewTicket body) {
        if (body == null) {
            throw ValidationException.of("body", "A JSON object with at least a title is required.");
        }
        Errors errors = new Errors();
        String title = text(errors, "title", body.title(), MAX_TITLE, true, false);
        String description = text(errors, "description", body.description(), MAX_DESCRIPTION, false, true);
        Priority priority = Priority.Medium;
        if (body.priority() != null) {
            priority = Priority.parse(body.priority()).orElse(null);
            if (priority == null) {
                errors.add("priority", "Must be one of " + Priority.names() + ", but was '" + body.priority() + "'.");
            }
        }
        if (body.reporterId() != null && body.reporterId() < 1) {
            errors.add("reporterId", "Must be a positive user id, but was " + body.reporterId() + ".");
        }
        UUID key = null;
        if (body.requestKey() != null) {
            if (UUID_TEXT.matcher(body.requestKey()).matches()) {
                key = UUID.fromString(body.requestKey());
            } else {
                errors.add("requestKey", "Must be a UUID such as 123e4567-e89b-12d3-a456-426614174000.");
            }
        }
        errors.throwIfAny();
        return new CreateTicket(title, description == null ? "" : description, priority, body.reporterId(), key);
    }

    /**
     * @param body a {@code PATCH /api/tickets/{id}} body, possibly null
     * @return the requested status
     * @throws ValidationException if the status is missing or unknown
     */
    public static TicketStatus patch(TicketPatch body) {
        if (body == null || body.status() == null) {
            throw ValidationException.of("status", "Required: one of " + TicketStatus.names() + ".");
        }
        return TicketStatus.parse(body.status()).orElseThrow(() -> ValidationException.of("status",
                "Must be one of " + TicketStatus.names() + ", but was '" + body.status() + "'."));
    }

    /**
     * @param text the {@code status} query parameter, or null
     * @return the status, or null if {@code text} is null
     * @throws ValidationException if it names no status
     */
    public static TicketStatus statusFilter(String text) {
        if (text == null) {
            return null;
        }
        return TicketStatus.parse(text).orElseThrow(() -> ValidationException.of("status",
                "Must be one of " + TicketStatus.names() + ", but was '" + text + "'."));
    }

    /**
     * @param text the {@code limit} query parameter, or null
     * @param fallback the value when absent
     * @param max the largest allowed
     * @return the limit
     * @throws ValidationException if it is not a whole number from 1 to {@code max}
     */
    public static int limit(String text, int fallback, int max) {
        if (text == null) {
            return fallback;
        }
        if (!text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        }
        throw ValidationException.of("limit", "Must be a whole number from 1 to " + max + " in ASCII digits.");
    }

    private static String text(Errors errors, String field, String value, int max, boolean required,
            boolean multiline) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(field, "Required, and must not be blank.");
            }
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > max) {
            errors.add(field, "Must be at most " + max + " characters, but was " + trimmed.length() + ".");
        }
        String bad = badCharacter(trimmed, multiline);
        if (bad != null) {
            errors.add(field, bad);
        }
        return trimmed;
    }

    /**
     * @return what is wrong with the text's characters, or null: a control character (NUL included; line breaks
     *     and tabs allowed only where {@code multiline}) or an unpaired surrogate, which PostgreSQL cannot store
     */
    private static String badCharacter(String text, boolean multiline) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                return String.format(Locale.ROOT, "Must not contain control characters, but has U+%04X at "
                        + "position %d.", (int) c, i + 1);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "Must be valid Unicode text, but has an unpaired surrogate at position " + (i + 1) + ".";
            }
        }
        return null;
    }

    /** Collects errors in order. */
    private static final class Errors {
        private final Map<String, List<String>> byField = new LinkedHashMap<>();

        void add(String field, String message) {
            byField.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
        }

        void throwIfAny() {
            if (!byField.isEmpty()) {
                throw new ValidationException(byField);
            }
        }
    }
}
