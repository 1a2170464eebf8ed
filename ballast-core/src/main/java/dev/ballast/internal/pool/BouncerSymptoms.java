package dev.ballast.internal.pool;

/**
 * Recognises PgBouncer by its errors. The sign of a transaction-mode PgBouncer that Ballast was not told about: a
 * statement the driver prepared by name on one server session is missing ({@code 26000}) or already present
 * ({@code 42P05}) on the session the bouncer picked for the next transaction. pgjdbc names its server-side statements
 * {@code S_<n>}, so the message tells these apart from an application's own {@code PREPARE}/{@code EXECUTE} names.
 * And a password the bouncer itself refused, which PgBouncer 1.18 reports as {@code 08P01} where PostgreSQL says
 * {@code 28P01}. Stateless.
 */
public final class BouncerSymptoms {

    private BouncerSymptoms() {}

    /**
     * @param sqlState an error's SQLSTATE, may be null
     * @param message its message, may be null
     * @return whether it is a driver-named prepared statement missing or duplicated on the server session
     */
    public static boolean isNamedStatementMismatch(String sqlState, String message) {
        return ("26000".equals(sqlState) || "42P05".equals(sqlState))
                && message != null && message.matches("(?s).*prepared statement \"S_\\d+\".*");
    }

    /**
     * @param sqlState an error's SQLSTATE, may be null
     * @param message its message, may be null (pgjdbc puts the severity first: {@code FATAL: ...})
     * @return whether it is PgBouncer refusing the client's password ({@code md5}: "password authentication failed",
     *     {@code scram-sha-256}: "SASL authentication failed"), which PostgreSQL would report as {@code 28P01}
     */
    public static boolean isAuthenticationFailure(String sqlState, String message) {
        if (!"08P01".equals(sqlState) || message == null) {
            return false;
        }
        String text = message.replaceFirst("^(ERROR|FATAL): ", "");
        return text.startsWith("password authentication failed") || text.startsWith("SASL authentication failed");
    }
}
