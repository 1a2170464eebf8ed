package dev.ballast.internal.pool;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Spots SQL that needs a server session of its own, which a transaction-mode PgBouncer does not give: the next
 * transaction may run on another session, so the effect is lost or lands on another client. Each kind is reported
 * once per pool, with what to use instead. Only consulted when {@code PgBouncerPoolMode=Transaction}: on the text of
 * statements as they are prepared, and on SQL text run or batched through a plain {@code Statement}. Thread-safe.
 */
final class SessionOnlySql {

    /** What cannot work in transaction mode, how to recognise it, and the alternative. */
    enum Kind {
        LISTEN("(?is)^\\s*LISTEN\\b", "LISTEN only hears notifications on the server session that ran it; "
                + "listen on a connection that bypasses PgBouncer"),
        SESSION_ADVISORY_LOCK("(?i)\\bpg_(try_)?advisory_lock(_shared)?\\s*\\(", "a session advisory lock stays with "
                + "a server session other clients then use, and its unlock may run on another; use "
                + "pg_advisory_xact_lock (released at commit)"),
        WITH_HOLD_CURSOR("(?i)\\bWITH\\s+HOLD\\b", "a WITH HOLD cursor outlives its transaction on a server session "
                + "the next transaction may not reach; fetch within one transaction"),
        SESSION_SET("(?is)^\\s*SET\\s+(?!LOCAL\\b|TRANSACTION\\b|CONSTRAINTS\\b)", "a session-level SET stays on "
                + "the server session, where other clients get it, and the next transaction may run without it; use "
                + "SET LOCAL inside the transaction, or a default on the role (ALTER ROLE ... SET ...)"),
        PREPARED_STATEMENT("(?is)^\\s*PREPARE\\s+(?!TRANSACTION\\b)", "a statement prepared with PREPARE lives on "
                + "one server session: the next transaction may not find it (26000) or find another client's (42P05); "
                + "use a JDBC PreparedStatement, which Ballast sends unnamed");

        private final Pattern pattern;
        private final String advice;

        Kind(String regex, String advice) {
            this.pattern = Pattern.compile(regex);
            this.advice = advice;
        }
    }

    private final String poolName;
    private final Consumer<String> report;
    private final Set<Kind> reported = ConcurrentHashMap.newKeySet();

    SessionOnlySql(String poolName, Consumer<String> report) {
        this.poolName = poolName;
        this.report = report;
    }

    /**
     * @param sql a statement's text
     * @return the kinds of session-only SQL it contains; empty for most statements
     */
    static Set<Kind> find(String sql) {
        Set<Kind> found = EnumSet.noneOf(Kind.class);
        if (sql == null || !mayContainSessionOnlySql(sql)) {
            return found; // the common case: a scan without allocation, no regex
        }
        for (Kind k : Kind.values()) {
            if (k.pattern.matcher(sql).find()) {
                found.add(k);
            }
        }
        return found;
    }

    private static boolean mayContainSessionOnlySql(String sql) {
        int start = 0;
        while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
            start++;
        }
        return startsWith(sql, start, "listen") || startsWith(sql, start, "set")
                || startsWith(sql, start, "prepare") || contains(sql, "advisory") || contains(sql, "hold");
    }

    private static boolean startsWith(String sql, int at, String lowerWord) {
        return sql.regionMatches(true, at, lowerWord, 0, lowerWord.length());
    }

    private static boolean contains(String sql, String lowerWord) {
        for (int i = 0, last = sql.length() - lowerWord.length(); i <= last; i++) {
            if (sql.regionMatches(true, i, lowerWord, 0, lowerWord.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reports each kind found in {@code sql} the first time this pool sees it.
     *
     * @param sql a statement's text
     */
    void check(String sql) {
        for (Kind k : find(sql)) {
            if (reported.add(k)) {
                report.accept("Pool '" + poolName + "' runs behind a transaction-mode PgBouncer "
                        + "(PgBouncerPoolMode=Transaction), where this cannot work: " + k.advice + ". Seen in: "
                        + abbreviate(sql));
            }
        }
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
