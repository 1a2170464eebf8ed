package dev.ballast.demo.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A ticket as the API returns it.
 *
 * @param id the database id
 * @param title the title
 * @param description the description (empty if none was given)
 * @param priority the priority
 * @param status the status; {@code Open} when created
 * @param reporterId the reporting user's id, or null
 * @param requestKey the client's key, or null
 * @param createdAt when the row was inserted (database time)
 * @param updatedAt when the row last changed (database time)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ticket(long id, String title, String description, Priority priority, TicketStatus status,
        Long reporterId, UUID requestKey, Instant createdAt, Instant updatedAt) {}
