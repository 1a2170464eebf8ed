package dev.ballast.internal.pool;

import java.sql.SQLException;

/**
 * The outcome a waiter sees when a connection attempt failed with nothing idle: the driver's error and when the
 * attempt failed. A waiter that queued after that moment ignores it (it was caught by the same sweep by chance) and
 * looks again.
 *
 * @param cause the driver's error
 * @param at the clock reading when the failure was seen
 */
record ConnectFailure(SQLException cause, long at) {}
