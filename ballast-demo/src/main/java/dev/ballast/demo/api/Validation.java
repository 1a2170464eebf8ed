package dev.ballast.demo.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
        String name = text(errors, "name", body.name(), MAX_TITLE, true);
        String email = text(errors, "email", body.email(), MAX_EMAIL, true);
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
        String title = text(errors, "title", body.title(), MAX_TITLE, true);
        String description = text(errors, "description", body.description(), MAX_DESCRIPTION, false);
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
            try {
                key = UUID.fromString(body.requestKey());
            } catch (IllegalArgumentException e) {
                errors.add("requestKey", "Must be a UUID, but was '" + body.requestKey() + "'.");
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
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ValidationException.of("limit", "Must be a whole number from 1 to " + max + ", but was '" + text + "'.");
    }

    private static String text(Errors errors, String field, String value, int max, boolean required) {
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
        return trimmed;
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
