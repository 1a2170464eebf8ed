package dev.ballast.demo.api;

import java.time.Instant;

/**
 * A user as the API returns it.
 *
 * @param id the database id
 * @param name the display name
 * @param email the e-mail address
 * @param createdAt when the row was inserted (database time)
 */
public record User(long id, String name, String email, Instant createdAt) {}
