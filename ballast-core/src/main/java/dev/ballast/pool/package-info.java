/**
 * The connection pool: a fair, virtual-thread friendly {@code javax.sql.DataSource} over pgjdbc with Npgsql's
 * pool semantics (MinPoolSize floor, MaxPoolSize cap, lifetimes, validation, eviction) and its statistics.
 */
package dev.ballast.pool;
