package dev.ballast.internal.config;

import java.util.Locale;
import java.util.Map;

/** Translations of Npgsql keyword values into pgjdbc URL parameter values. */
final class NpgsqlValues {

    private static final Map<String, String> SSL_MODES = Map.of(
            "disable", "disable", "allow", "allow", "prefer", "prefer", "require", "require",
            "verifyca", "verify-ca", "verifyfull", "verify-full");

    /**
     * Npgsql's {@code Target Session Attributes} onto pgjdbc's {@code targetServerType}. pgjdbc tells a primary
     * from a standby by {@code transaction_read_only}, so read-write is its primary and read-only its secondary.
     */
    private static final Map<String, String> TARGETS = Map.of(
            "any", "any", "primary", "primary", "standby", "secondary",
            "preferprimary", "preferPrimary", "preferstandby", "preferSecondary",
            "readwrite", "primary", "readonly", "secondary");

    private NpgsqlValues() {}

    private static String key(String value) {
        return value.trim().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    static String sslMode(String value) {
        String mode = SSL_MODES.get(key(value));
        if (mode == null) {
            throw new IllegalArgumentException("must be one of Disable, Allow, Prefer, Require, VerifyCA,"
                    + " VerifyFull, but was " + Values.quote(value));
        }
        return mode;
    }

    static String targetServerType(String value) {
        String type = TARGETS.get(key(value));
        if (type == null) {
            throw new IllegalArgumentException("must be one of any, primary, standby, prefer-primary,"
                    + " prefer-standby, read-write, read-only, but was " + Values.quote(value));
        }
        return type;
    }

    static String trustServerCertificate(String value) {
        return Boolean.parseBoolean(bool(value)) ? "org.postgresql.ssl.NonValidatingFactory" : null;
    }

    static String bool(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("must be true or false, but was " + Values.quote(value));
        }
        return v;
    }

    static String nonNegativeInt(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return Integer.toString(n);
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("must be a whole number of at least 0, but was " + Values.quote(value));
    }
}
