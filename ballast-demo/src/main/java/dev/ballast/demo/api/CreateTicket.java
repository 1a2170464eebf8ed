package dev.ballast.demo.api;

import java.util.Objects;
import java.util.UUID;

/**
 * A valid request to open a ticket: the command {@code CreateTicketHandler} handles (a .NET
 * {@code CreateTicketCommand}). Made by {@link Validation#ticket(NewTicket)}.
 *
 * @param title the title, trimmed, 1 to 200 characters
 * @param description the description, possibly empty
 * @param priority the priority
 * @param reporterId the reporting user's id, or null
 * @param requestKey the client's key, or null
 */
public record CreateTicket(String title, String description, Priority priority, Long reporterId, UUID requestKey) {
    /** Checks the non-null parts. */
    public CreateTicket {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(priority, "priority");
    }
}
