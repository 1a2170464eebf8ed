package dev.ballast.internal.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in connection strings before they are shown: the value of every JDBC URL query parameter whose
 * name contains {@code password} (so {@code password} and {@code sslpassword}), and of the Npgsql keywords
 * {@code Password}, {@code PWD}, {@code PSW} and {@code SSL Password}.
 */
public final class Redactor {

    /** What a masked value is replaced with. */
    public static final String MASK = "******";

    private static final Pattern JDBC_SECRET =
            Pattern.compile("(?i)([?&][^=&]*password[^=&]*=)([^&]*)");
    private static final Pattern NPGSQL_SECRET = Pattern.compile(
            "(?i)((?:^|;)\\s*(?:[a-z ]*password|pwd|psw)\\s*=\\s*)(\"(?:[^\"]|\"\")*\"|'(?:[^']|'')*'|[^;]*)");

    private Redactor() {}

    /**
     * @param connection a JDBC URL or an Npgsql connection string (may be malformed)
     * @return the same text with every secret value replaced by {@value #MASK}
     */
    public static String redact(String connection) {
        if (connection == null) {
            return null;
        }
        Pattern pattern = connection.regionMatches(true, 0, "jdbc:", 0, 5) ? JDBC_SECRET : NPGSQL_SECRET;
        Matcher m = pattern.matcher(connection);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + MASK));
        }
        m.appendTail(out);
        return out.toString();
    }
}
