/**
 * How {@link dev.ballast.DatabaseOptions} is loaded and checked: one table of keys ({@link
 * dev.ballast.internal.config.OptionKey}), readers for JSON, YAML, properties and environment variables, the JDBC URL
 * and Npgsql connection string parsers, and the layering rules. Not exported; nothing here is API.
 */
package dev.ballast.internal.config;
