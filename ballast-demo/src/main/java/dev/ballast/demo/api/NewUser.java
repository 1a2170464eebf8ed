package dev.ballast.demo.api;

/**
 * Body of {@code POST /api/users}.
 *
 * @param name the display name, 1 to 200 characters
 * @param email an e-mail address, unique (case-insensitively) among users
 */
public record NewUser(String name, String email) {}
