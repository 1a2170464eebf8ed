package dev.ballast.internal.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The Npgsql connection string keywords Ballast understands, with their aliases, and where each one goes: the
 * address, the credentials, a Ballast setting, a pgjdbc URL parameter, or nowhere (a recognised keyword that
 * Ballast rejects with a reason, rather than ignoring it). Lookup ignores case and spaces, as Npgsql does.
 */
enum NpgsqlKeyword {
    HOST("Host", Target.HOST, "Server"),
    PORT("Port", Target.PORT),
    DATABASE("Database", Target.DATABASE, "DB"),
    USERNAME("Username", Target.USERNAME, "User Name", "UserId", "User Id", "UID", "User"),
    PASSWORD("Password", Target.PASSWORD, "PSW", "PWD"),

    POOLING("Pooling", OptionKey.ENABLE_POOLING),
    MINIMUM_POOL_SIZE("Minimum Pool Size", OptionKey.MIN_POOL_SIZE, "MinPoolSize"),
    MAXIMUM_POOL_SIZE("Maximum Pool Size", OptionKey.MAX_POOL_SIZE, "MaxPoolSize"),
    TIMEOUT("Timeout", OptionKey.CONNECTION_TIMEOUT),
    COMMAND_TIMEOUT("Command Timeout", OptionKey.COMMAND_TIMEOUT),
    CONNECTION_IDLE_LIFETIME("Connection Idle Lifetime", OptionKey.CONNECTION_IDLE_LIFETIME),
    CONNECTION_LIFETIME("Connection Lifetime", OptionKey.CONNECTION_LIFETIME, "Load Balance Timeout"),
    NO_RESET_ON_CLOSE("No Reset On Close", OptionKey.NO_RESET_ON_CLOSE),
    MAX_AUTO_PREPARE("Max Auto Prepare", OptionKey.MAX_AUTO_PREPARE),
    AUTO_PREPARE_MIN_USAGES("Auto Prepare Min Usages", OptionKey.AUTO_PREPARE_MIN_USAGES),
    APPLICATION_NAME("Application Name", OptionKey.APPLICATION_NAME),
    KEEPALIVE("Keepalive", OptionKey.KEEPALIVE),
    LOAD_BALANCE_HOSTS("Load Balance Hosts", OptionKey.LOAD_BALANCE_HOSTS),

    SSL_MODE("SSL Mode", "sslmode", NpgsqlValues::sslMode),
    TARGET_SESSION_ATTRIBUTES("Target Session Attributes", "targetServerType", NpgsqlValues::targetServerType),
    TRUST_SERVER_CERTIFICATE("Trust Server Certificate", "sslfactory", NpgsqlValues::trustServerCertificate),
    SSL_CERTIFICATE("SSL Certificate", "sslcert", v -> v, "Client Certificate"),
    SSL_KEY("SSL Key", "sslkey", v -> v, "Client Certificate Key"),
    SSL_PASSWORD("SSL Password", "sslpassword", v -> v),
    ROOT_CERTIFICATE("Root Certificate", "sslrootcert", v -> v),
    TCP_KEEPALIVE("Tcp Keepalive", "tcpKeepAlive", NpgsqlValues::bool),
    SEARCH_PATH("Search Path", "currentSchema", v -> v),
    OPTIONS("Options", "options", v -> v),
    HOST_RECHECK_SECONDS("Host Recheck Seconds", "hostRecheckSeconds", NpgsqlValues::nonNegativeInt),
    INCLUDE_ERROR_DETAIL("Include Error Detail", "logServerErrorDetail", NpgsqlValues::bool),

    PERSIST_SECURITY_INFO("Persist Security Info", "Ballast never hands the password back, so only false applies",
            Target.FALSE_ONLY),
    ENLIST("Enlist", "Java has no ambient TransactionScope to enlist in", Target.FALSE_ONLY),
    PASSFILE("Passfile", "set the password through Password instead", Target.UNSUPPORTED),
    CLIENT_ENCODING("Client Encoding", "pgjdbc always uses UTF8", Target.UNSUPPORTED),
    ENCODING("Encoding", "pgjdbc always uses UTF8", Target.UNSUPPORTED),
    TIMEZONE("Timezone", "set it with Options=-c TimeZone=…", Target.UNSUPPORTED),
    CANCELLATION_TIMEOUT("Cancellation Timeout", "pgjdbc's cancelSignalTimeout differs", Target.UNSUPPORTED),
    INTEGRATED_SECURITY("Integrated Security", "use pgjdbc's gsslib in a JDBC URL", Target.UNSUPPORTED),
    KERBEROS_SERVICE_NAME("Kerberos Service Name", "use kerberosServerName in a JDBC URL", Target.UNSUPPORTED),
    INCLUDE_REALM("Include Realm", "no pgjdbc equivalent", Target.UNSUPPORTED),
    MULTIPLEXING("Multiplexing", "no pgjdbc equivalent", Target.UNSUPPORTED),
    SERVER_COMPATIBILITY_MODE("Server Compatibility Mode", "no pgjdbc equivalent", Target.UNSUPPORTED),
    READ_BUFFER_SIZE("Read Buffer Size", "use receiveBufferSize in a JDBC URL", Target.UNSUPPORTED),
    WRITE_BUFFER_SIZE("Write Buffer Size", "use sendBufferSize in a JDBC URL", Target.UNSUPPORTED),
    SOCKET_RECEIVE_BUFFER_SIZE("Socket Receive Buffer Size", "use receiveBufferSize in a JDBC URL",
            Target.UNSUPPORTED),
    SOCKET_SEND_BUFFER_SIZE("Socket Send Buffer Size", "use sendBufferSize in a JDBC URL", Target.UNSUPPORTED),
    CONNECTION_PRUNING_INTERVAL("Connection Pruning Interval",
            "Ballast prunes idle connections by ConnectionIdleLifetimeSeconds", Target.UNSUPPORTED),
    INTERNAL_COMMAND_TIMEOUT("Internal Command Timeout", "no pgjdbc equivalent", Target.UNSUPPORTED),
    CHECK_CERTIFICATE_REVOCATION("Check Certificate Revocation", "no pgjdbc equivalent", Target.UNSUPPORTED),
    LOG_PARAMETERS("Log Parameters", "no pgjdbc equivalent", Target.UNSUPPORTED),
    GSS_ENCRYPTION_MODE("GSS Encryption Mode", "use gssEncMode in a JDBC URL", Target.UNSUPPORTED),
    SSL_NEGOTIATION("SSL Negotiation", "use sslNegotiation in a JDBC URL", Target.UNSUPPORTED),
    CHANNEL_BINDING("Channel Binding", "use channelBinding in a JDBC URL", Target.UNSUPPORTED),
    REQUIRE_AUTH("Require Auth", "no pgjdbc equivalent", Target.UNSUPPORTED),
    SSL("SSL", "use SSL Mode", Target.UNSUPPORTED);

    /** Where a keyword's value goes. */
    enum Target { HOST, PORT, DATABASE, USERNAME, PASSWORD, SETTING, JDBC, FALSE_ONLY, UNSUPPORTED }

    private static final Map<String, NpgsqlKeyword> BY_NAME = new HashMap<>();

    static {
        for (NpgsqlKeyword k : values()) {
            BY_NAME.put(normalize(k.canonical), k);
            for (String alias : k.aliases) {
                BY_NAME.put(normalize(alias), k);
            }
        }
    }

    private final String canonical;
    private final Target target;
    private final String[] aliases;
    private final OptionKey setting;
    private final String jdbcParam;
    private final UnaryOperator<String> translate;
    private final String reason;

    NpgsqlKeyword(String canonical, Target target, String... aliases) {
        this(canonical, target, (OptionKey) null, null, null, null, aliases);
    }

    NpgsqlKeyword(String canonical, String reason, Target target) {
        this(canonical, target, (OptionKey) null, null, null, reason);
    }

    NpgsqlKeyword(String canonical, OptionKey setting, String... aliases) {
        this(canonical, Target.SETTING, setting, null, null, null, aliases);
    }

    NpgsqlKeyword(String canonical, String jdbcParam, UnaryOperator<String> translate, String... aliases) {
        this(canonical, Target.JDBC, null, jdbcParam, translate, null, aliases);
    }

    NpgsqlKeyword(String canonical, Target target, OptionKey setting, String jdbcParam,
            UnaryOperator<String> translate, String reason, String... aliases) {
        this.canonical = canonical;
        this.target = target;
        this.setting = setting;
        this.jdbcParam = jdbcParam;
        this.translate = translate;
        this.reason = reason;
        this.aliases = aliases;
    }

    /**
     * @param keyword a keyword as written
     * @return the keyword, or null if Npgsql has no such keyword (as far as Ballast knows)
     */
    static NpgsqlKeyword find(String keyword) {
        return BY_NAME.get(normalize(keyword));
    }

    /** @return every keyword's canonical name, for did-you-mean */
    static List<String> canonicalNames() {
        List<String> names = new ArrayList<>();
        for (NpgsqlKeyword k : values()) {
            names.add(k.canonical);
        }
        return names;
    }

    private static String normalize(String keyword) {
        return keyword.replace(" ", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    String canonical() {
        return canonical;
    }

    Target target() {
        return target;
    }

    OptionKey setting() {
        return setting;
    }

    String jdbcParam() {
        return jdbcParam;
    }

    /** @return the pgjdbc value for an Npgsql value, or null to leave the parameter out */
    String translate(String value) {
        return translate.apply(value);
    }

    String reason() {
        return reason;
    }

    /** @return true if the value must never be echoed */
    boolean secret() {
        return this == PASSWORD || this == SSL_PASSWORD;
    }
}
