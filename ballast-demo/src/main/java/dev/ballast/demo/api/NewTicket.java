package dev.ballast.demo.api;

/**
 * Body of {@code POST /api/tickets}.
 *
 * @param title 1 to 200 characters
 * @param description up to 4000 characters; optional
 * @param priority {@code Low}, {@code Medium}, {@code High} or {@code Critical}; optional, default {@code Medium}
 * @param reporterId the id of an existing user; optional
 * @param requestKey a UUID the client chooses to recognise its own write later; optional. It is stored, not
 *     de-duplicated: the chaos mode counts rows per key to prove that no acknowledged write was lost or doubled
 */
public record NewTicket(String title, String description, String priority, Long reporterId, String requestKey) {}
