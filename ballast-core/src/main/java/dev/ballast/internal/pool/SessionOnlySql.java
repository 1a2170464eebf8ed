package dev.ballast.internal.pool;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Spots SQL that needs a server session of its own, which a transaction-mode PgBouncer does not give: the next
 * transaction may run on another session, so the effect is lost or lands on another client. Each kind is reported
 * once per pool, with what to use instead. Only consulted when {@code PgBouncerPoolMode=Transaction}, on the text of
 * statements as they are prepared. Thread-safe.
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
                + "the next transaction may not reach; fetch within one transaction");

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
        if (sql == null) {
            return found;
        }
        String lower = sql.toLowerCase(Locale.ROOT);
        if (!lower.contains("listen") && !lower.contains("advisory") && !lower.contains("hold")) {
            return found; // the common case: one scan, no regex
        }
        for (Kind k : Kind.values()) {
            if (k.pattern.matcher(sql).find()) {
                found.add(k);
            }
        }
        return found;
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
