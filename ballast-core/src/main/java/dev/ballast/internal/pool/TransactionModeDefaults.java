package dev.ballast.internal.pool;

import dev.ballast.pool.PoolConfig;
import java.util.Properties;

/**
 * The session defaults of a connection behind a transaction-mode PgBouncer, where each transaction may run on another
 * server session. PgBouncer 1.18 keeps a few start-up parameters per client and sets them again on whichever server
 * session the client's transaction gets ({@code client_encoding}, {@code DateStyle}, {@code TimeZone},
 * {@code standard_conforming_strings}, {@code application_name}): pgjdbc sends the first four at connect, and
 * {@code assumeMinServerVersion=9.0} makes it send the application name among them too instead of as a
 * {@code SET application_name} after login. Anything else set per session cannot be carried: pgjdbc's
 * {@code currentSchema} (Npgsql {@code Search Path}) and {@code options} become start-up parameters the bouncer refuses
 * ({@code 08P01 unsupported startup parameter}) or, if told to ignore them, drops silently, and a {@code SET LOCAL} per
 * transaction would miss autocommit statements. Those are refused when the pool starts, naming the role default to use
 * instead. {@code CommandTimeout} needs nothing: it is the driver's statement timeout, and the bouncer forwards the
 * cancel request to the right server session. Stateless.
 */
final class TransactionModeDefaults {

    private TransactionModeDefaults() {}

    /**
     * Adds the start-up properties for a transaction-mode bouncer, before the configuration's own driver properties.
     *
     * @param p the driver properties being built
     */
    static void addTo(Properties p) {
        p.setProperty("assumeMinServerVersion", "9.0"); // application_name in the start-up packet, not a SET
    }

    /**
     * @param config the pool's configuration, with {@code PgBouncerPoolMode=Transaction}
     * @param properties the driver properties Ballast derived
     * @throws IllegalArgumentException if the URL or the driver properties ask for a session default that the bouncer
     *     cannot keep, naming the setting and the role default to use instead
     */
    static void check(PoolConfig config, Properties properties) {
        Properties all = org.postgresql.Driver.parseURL(config.jdbcUrl(), properties);
        if (all == null) {
            return; // not a pgjdbc URL: another driver's properties are its own
        }
        String role = config.username() != null ? config.username() : "<user>";
        String schema = all.getProperty("currentSchema");
        if (schema != null) {
            throw refused(config, "currentSchema=" + schema + " (Npgsql Search Path)", "search_path",
                    "ALTER ROLE " + role + " SET search_path = " + schema);
        }
        String options = all.getProperty("options");
        if (options != null) {
            throw refused(config, "options (" + options.length() + " characters)", "options",
                    "ALTER ROLE " + role + " SET <name> = <value> for each -c <name>=<value>");
        }
        if ("always".equalsIgnoreCase(all.getProperty("readOnlyMode"))) {
            throw new IllegalArgumentException("Pool '" + config.poolName() + "' has PgBouncerPoolMode=Transaction and "
                    + "pgjdbc readOnlyMode=always, which sets read-only on the server session, where other clients of "
                    + "the bouncer would get it; use readOnlyMode=transaction (pgjdbc's default: BEGIN READ ONLY)");
        }
    }

    private static IllegalArgumentException refused(PoolConfig config, String what, String parameter,
            String instead) {
        return new IllegalArgumentException("Pool '" + config.poolName() + "' has PgBouncerPoolMode=Transaction and "
                + "the driver property " + what + ", a session default PgBouncer cannot keep: the start-up parameter "
                + parameter + " is refused by PgBouncer 1.18 (or dropped, if listed in ignore_startup_parameters), and "
                + "each transaction may run on another server session. Set it on the role instead: " + instead);
    }
}
