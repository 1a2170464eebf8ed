package dev.ballast.internal.pool;

/**
 * Recognises the sign of a transaction-mode PgBouncer that Ballast was not told about: a statement the driver
 * prepared by name on one server session is missing ({@code 26000}) or already present ({@code 42P05}) on the
 * session the bouncer picked for the next transaction. pgjdbc names its server-side statements {@code S_<n>}, so the
 * message tells these apart from an application's own {@code PREPARE}/{@code EXECUTE} names. Stateless.
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
}
