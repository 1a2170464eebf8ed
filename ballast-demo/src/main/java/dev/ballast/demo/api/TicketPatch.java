package dev.ballast.demo.api;

/**
 * Body of {@code PATCH /api/tickets/{id}}.
 *
 * @param status the new status: {@code Open}, {@code InProgress}, {@code Resolved} or {@code Closed}
 */
public record TicketPatch(String status) {}
