package dev.ballast.http.internal;

/**
 * A significant event shown in the dashboard's event list.
 *
 * @param epochMillis when it happened (wall clock)
 * @param kind what happened: {@code breaker_opened}, {@code breaker_half_open}, {@code breaker_closed},
 *     {@code breaker_isolated}, {@code leak_suspected}, {@code eviction_storm}, {@code alert_fired},
 *     {@code alert_cleared}, {@code health_changed}
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param message what happened, for people (never a password)
 */
public record DashboardEvent(long epochMillis, String kind, String severity, String message) {}
